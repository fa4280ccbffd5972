import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Space,
  Typography,
  type RadioGroupProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { listingActionAllowed, type Declarations } from '@domain/market/listing-model';
import { call, http } from '../api/client';
import type { ListingOwnerView } from '../api/views';
import { ErrorBanner, Loadable } from '../common/feedback';
import { LISTING_KIND_LABELS, LISTING_MODE_LABELS, LISTING_STATUS_LABELS } from '../common/labels';
import { MoneyInput } from '../common/MoneyInput';
import { useRequest } from '../common/useRequest';
import { useSubmit } from '../common/useSubmit';
import { DeclarationFields } from './DeclarationFields';
import { DOCUMENT_TYPES, FileUpload, PHOTO_TYPES, type UploadedFile } from './FileUpload';
import { LeaseTermField, MyUnitField, useMyUnits } from './fields';
import { apiPath, FailureBanner, placeFieldErrors } from './form-errors';
import { money } from './labels';

interface ListingValues {
  unitNumber: string;
  kind: ListingOwnerView['kind'];
  mode: ListingOwnerView['mode'];
  askingPrice: string;
  bidIncrement?: string | null;
  leaseTerm?: [Dayjs, Dayjs];
  period: [Dayjs, Dayjs];
  description?: string;
  photos?: UploadedFile[];
  documents?: UploadedFile[];
  declarations: Declarations;
}

/** Where the server's field names differ from the form's: one range picker each for the period and the lease. */
function fieldOf(field: string): (string | number)[] | undefined {
  if (field === 'startsAt' || field === 'endsAt') return ['period'];
  if (field.startsWith('leaseTerm')) return ['leaseTerm'];
  const path = apiPath(field);
  return [
    'unitNumber',
    'kind',
    'mode',
    'askingPrice',
    'bidIncrement',
    'description',
    'declarations',
  ].includes(String(path[0]))
    ? path
    : undefined;
}

const DAY = 'YYYY-MM-DD';

/** The choices of a label table as buttons, in the table's order. */
function LabelRadios({ labels, ...group }: RadioGroupProps & { labels: Record<string, string> }) {
  return (
    <Radio.Group optionType="button" {...group}>
      {Object.entries(labels).map(([value, label]) => (
        <Radio key={value} value={value}>
          {label}
        </Radio>
      ))}
    </Radio.Group>
  );
}

function valuesOf(listing: ListingOwnerView): Partial<ListingValues> {
  return {
    unitNumber: listing.unitNumber,
    kind: listing.kind,
    mode: listing.mode,
    askingPrice: listing.askingPrice,
    bidIncrement: listing.bidIncrement,
    leaseTerm: listing.leaseTerm ? [dayjs(listing.leaseTerm.start), dayjs(listing.leaseTerm.end)] : undefined,
    period: [dayjs(listing.startsAt), dayjs(listing.endsAt)],
    description: listing.description,
    declarations: listing.declarations,
  };
}

/** 新建挂牌 and 修改挂牌: one form; a listing being changed keeps its unit, kind, mode and attachments. */
export function ListingEditor() {
  const { id } = useParams();
  const listing = useRequest(
    () =>
      id
        ? call<ListingOwnerView>(http.GET('/api/v1/listings/{id}', { params: { path: { id } } }))
        : Promise.resolve(null),
    [id],
  );
  return <Loadable state={listing}>{(data) => <ListingForm listing={data} />}</Loadable>;
}

function ListingForm({ listing }: { listing: ListingOwnerView | null }) {
  const [form] = Form.useForm<ListingValues>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const unitNumber = Form.useWatch('unitNumber', form);
  const kind = Form.useWatch('kind', form);
  const mode = Form.useWatch('mode', form);

  const { units, unit } = useMyUnits(unitNumber);

  const [initialValues] = useState<Partial<ListingValues>>(() =>
    listing
      ? valuesOf(listing)
      : {
          unitNumber: params.get('unit') ?? undefined,
          kind: 'transfer',
          mode: 'bidding',
          period: [dayjs().startOf('minute'), dayjs().add(30, 'day').startOf('minute')],
        },
  );

  const ended = !!listing && !listingActionAllowed('update', listing.status);
  // Once bids stand only the description may change; a published listing changed otherwise is confirmed again.
  const termsLocked = ended || (!!listing && listing.bidCount > 0);

  const { busy, error, submit } = useSubmit(
    async (values: ListingValues) => {
      const terms = {
        askingPrice: money(values.askingPrice),
        bidIncrement:
          values.mode !== 'negotiated' && values.bidIncrement ? money(values.bidIncrement) : undefined,
        leaseTerm:
          values.kind === 'lease' && values.leaseTerm
            ? { start: values.leaseTerm[0].format(DAY), end: values.leaseTerm[1].format(DAY) }
            : undefined,
        startsAt: values.period[0].toISOString(),
        endsAt: values.period[1].toISOString(),
        declarations: values.declarations,
        description: values.description ?? '',
      };
      const saved = listing
        ? await call<ListingOwnerView>(
            http.PATCH('/api/v1/listings/{id}', {
              params: { path: { id: listing.id } },
              body: { version: listing.version, ...changedTerms(listing, terms) },
            }),
          )
        : await call<ListingOwnerView>(
            http.POST('/api/v1/listings', {
              body: {
                unitNumber: values.unitNumber,
                kind: values.kind,
                mode: values.mode,
                ...terms,
                attachments: [
                  ...(values.photos ?? []).map((file) => ({ fileId: file.fileId, kind: 'photo' as const })),
                  ...(values.documents ?? []).map((file) => ({
                    fileId: file.fileId,
                    kind: 'document' as const,
                  })),
                ],
              },
            }),
          );
      navigate(`/holder/listings/${saved.id}`);
    },
    (failure) => placeFieldErrors(form, failure, fieldOf),
  );

  return (
    <Card
      title={
        listing ? `修改挂牌 ${listing.listingNumber}（${LISTING_STATUS_LABELS[listing.status]}）` : '新建挂牌'
      }
    >
      {ended && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message="该挂牌已结束，不能再修改。" />
      )}
      {listing?.status === 'published' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            termsLocked
              ? '已有出价，挂牌条件和声明不能再修改，只能更正挂牌说明。'
              : '挂牌中的信息修改挂牌说明以外的内容后，将退回待确认，经登记机构确认后重新发布。'
          }
        />
      )}
      <FailureBanner failure={error} />
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError>
        <Row gutter={24}>
          <Col span={12}>
            <MyUnitField units={units} disabled={!!listing} testId="listing-unit" />
          </Col>
          <Col span={6}>
            <Form.Item name="kind" label="挂牌类型" rules={[{ required: true }]}>
              <LabelRadios labels={LISTING_KIND_LABELS} disabled={!!listing} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="mode" label="交易方式" rules={[{ required: true }]}>
              <LabelRadios labels={LISTING_MODE_LABELS} disabled={!!listing} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={24}>
          <Col span={8}>
            <Form.Item
              name="askingPrice"
              label={kind === 'lease' ? '年租金' : '挂牌价'}
              rules={[{ required: true, message: kind === 'lease' ? '请输入年租金' : '请输入挂牌价' }]}
            >
              <MoneyInput disabled={termsLocked} data-testid="listing-price" />
            </Form.Item>
          </Col>
          {mode && mode !== 'negotiated' && (
            <Col span={8}>
              <Form.Item name="bidIncrement" label="加价幅度" extra="不填则按挂牌价的规定比例确定">
                <MoneyInput disabled={termsLocked} />
              </Form.Item>
            </Col>
          )}
          {kind === 'lease' && (
            <Col span={8}>
              <LeaseTermField disabled={termsLocked} />
            </Col>
          )}
        </Row>
        <Row gutter={24}>
          <Col span={12}>
            <Form.Item name="period" label="挂牌期" rules={[{ required: true, message: '请选择挂牌期' }]}>
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabled={termsLocked}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="挂牌说明">
          <Input.TextArea
            rows={3}
            maxLength={5000}
            showCount
            disabled={ended}
            placeholder="土地现状、交易条件、看地安排等"
          />
        </Form.Item>
        {listing ? (
          listing.attachments.length > 0 && (
            <Typography.Paragraph type="secondary">
              已有附件 {listing.attachments.length} 个（照片{' '}
              {listing.attachments.filter((attachment) => attachment.kind === 'photo').length} 张）。
            </Typography.Paragraph>
          )
        ) : (
          <Row gutter={24}>
            <Col span={12}>
              <Form.Item name="photos" label="现场照片" extra="JPEG 或 PNG，公开展示">
                <FileUpload accept={PHOTO_TYPES} buttonText="上传照片" testId="listing-photos" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="documents" label="附件文件" extra="PDF、JPEG 或 PNG，仅登记机构可见">
                <FileUpload accept={DOCUMENT_TYPES} buttonText="上传文件" testId="listing-documents" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Typography.Title level={5}>挂牌声明</Typography.Title>
        <Typography.Paragraph type="secondary">
          请逐项如实声明。提交挂牌时，平台将声明与登记簿逐项核对，不符或不具备挂牌条件的不予发布。
        </Typography.Paragraph>
        <ErrorBanner error={unit.error} />
        <DeclarationFields unit={unit.data} disabled={termsLocked} />
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={busy} disabled={ended}>
            {listing ? '保存修改' : '保存草稿'}
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** A PATCH names only what changed: sending unchanged terms would send a published listing back for confirmation. */
function changedTerms(
  listing: ListingOwnerView,
  terms: {
    askingPrice: string;
    bidIncrement?: string;
    leaseTerm?: { start: string; end: string };
    startsAt: string;
    endsAt: string;
    declarations: Declarations;
    description: string;
  },
) {
  const sameTime = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();
  const sameDeclarations = (Object.keys(terms.declarations) as (keyof Declarations)[]).every(
    (key) => terms.declarations[key] === listing.declarations[key],
  );
  return {
    ...(Number(terms.askingPrice) !== Number(listing.askingPrice) ? { askingPrice: terms.askingPrice } : {}),
    ...(terms.bidIncrement !== undefined && Number(terms.bidIncrement) !== Number(listing.bidIncrement)
      ? { bidIncrement: terms.bidIncrement }
      : {}),
    ...(terms.leaseTerm &&
    (terms.leaseTerm.start !== listing.leaseTerm?.start || terms.leaseTerm.end !== listing.leaseTerm?.end)
      ? { leaseTerm: terms.leaseTerm }
      : {}),
    ...(!sameTime(terms.startsAt, listing.startsAt) ? { startsAt: terms.startsAt } : {}),
    ...(!sameTime(terms.endsAt, listing.endsAt) ? { endsAt: terms.endsAt } : {}),
    ...(!sameDeclarations ? { declarations: terms.declarations } : {}),
    ...(terms.description !== listing.description ? { description: terms.description } : {}),
  };
}
