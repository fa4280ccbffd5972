import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  List,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { DECLARATION_KEYS, DECLARATION_LABELS, listingActionAllowed } from '@domain/market/listing-model';
import { ApiFailure, call, fetchDocument, http } from '../api/client';
import type { BidView, ListingOwnerView } from '../api/views';
import { Loadable, messageOf } from '../common/feedback';
import {
  date,
  dateTime,
  LISTING_KIND_LABELS,
  LISTING_MODE_LABELS,
  LISTING_STATUS_LABELS,
  yuan,
} from '../common/labels';
import { MoneyInput } from '../common/MoneyInput';
import { useRequest } from '../common/useRequest';
import { useSteps, useSubmit } from '../common/useSubmit';
import { FailureBanner, placeFieldErrors } from './form-errors';
import { area, landUseName, LISTING_STATUS_COLORS, money, placeOf } from './labels';
import { counterpartyFieldOf, PartyFields, partyBody, type PartyValues } from './PartyFields';
import { WithdrawModal } from './WithdrawModal';
import type { CloseResult, ListingRefusal } from './views';

/** The findings of a 409 that refused publication or a deal, if that is what the failure is. */
function refusalOf(failure: unknown): ListingRefusal | null {
  if (!(failure instanceof ApiFailure) || failure.status !== 409) return null;
  const details = failure.details as Partial<ListingRefusal> | undefined;
  return (details?.reason === 'listing_refused' || details?.reason === 'deal_refused') &&
    Array.isArray(details.findings)
    ? (details as ListingRefusal)
    : null;
}

/** One of the holder's listings with what may be done to it in its state: publish, change, withdraw, close. */
export function ListingDetail() {
  const { id = '' } = useParams();
  const listing = useRequest(
    () => call<ListingOwnerView>(http.GET('/api/v1/listings/{id}', { params: { path: { id } } })),
    [id],
  );
  return (
    <Loadable state={listing}>{(data) => <ListingPanel listing={data} reload={listing.reload} />}</Loadable>
  );
}

function ListingPanel({ listing, reload }: { listing: ListingOwnerView; reload: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [refusal, setRefusal] = useState<ListingRefusal | null>(null);
  const { running: busy, error, run } = useSteps();
  const [withdrawing, setWithdrawing] = useState(false);
  const [closing, setClosing] = useState(false);
  const biddingOver = new Date(listing.endsAt).getTime() <= Date.now();

  /** `run` answers the success message; a refusal with findings is listed, anything else is a banner. */
  const act = (name: string, step: () => Promise<string>) => {
    setRefusal(null);
    return run(
      name,
      async () => {
        message.success(await step());
        reload();
      },
      (failure) => {
        const findings = refusalOf(failure);
        if (findings) setRefusal(findings);
        return findings !== null;
      },
    );
  };

  const publish = () =>
    act('publish', async () => {
      await call(http.POST('/api/v1/listings/{id}/publish', { params: { path: { id: listing.id } } }));
      return '已提交，等待登记机构确认发布';
    });

  const closeAtEnd = () =>
    act('close', async () => {
      const result = await call<CloseResult>(
        http.POST('/api/v1/listings/{id}/close', { params: { path: { id: listing.id } }, body: {} }),
      );
      if (result.applicationId) navigate(`/holder/applications/${result.applicationId}`);
      return result.status === 'closed' ? '已成交，已生成登记申请草稿' : '挂牌期满无人竞买，挂牌已到期';
    });

  const actions = [
    listingActionAllowed('update', listing.status) && (
      <Link key="edit" to={`/holder/listings/${listing.id}/edit`}>
        <Button>修改</Button>
      </Link>
    ),
    listingActionAllowed('publish', listing.status) && (
      <Button key="publish" type="primary" loading={busy === 'publish'} onClick={publish}>
        提交挂牌
      </Button>
    ),
    listingActionAllowed('close', listing.status) && listing.mode === 'negotiated' && (
      <Button key="deal" type="primary" onClick={() => setClosing(true)}>
        协议成交
      </Button>
    ),
    listingActionAllowed('close', listing.status) && listing.mode !== 'negotiated' && biddingOver && (
      <Button key="close" type="primary" loading={busy === 'close'} onClick={closeAtEnd}>
        结束竞价并成交
      </Button>
    ),
    listingActionAllowed('withdraw', listing.status) && listing.bidCount === 0 && (
      <Button key="withdraw" danger onClick={() => setWithdrawing(true)}>
        撤回挂牌
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>挂牌 {listing.listingNumber}</span>
            <Tag color={LISTING_STATUS_COLORS[listing.status]} data-testid="listing-status">
              {LISTING_STATUS_LABELS[listing.status]}
            </Tag>
          </Space>
        }
        extra={<Space wrap>{actions}</Space>}
      >
        <StateNote listing={listing} />
        <FailureBanner failure={error} />
        {refusal && <RefusalAlert refusal={refusal} />}
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="不动产单元">
            <Link to={`/holder/units/${listing.unitNumber}`}>{listing.unitNumber}</Link>
          </Descriptions.Item>
          <Descriptions.Item label="坐落">
            {placeOf(listing.districtCode, listing.location)}
          </Descriptions.Item>
          <Descriptions.Item label="用途 / 面积">
            {landUseName(listing.landUse)} / {area(listing.areaM2)}
          </Descriptions.Item>
          <Descriptions.Item label="方式">
            {LISTING_KIND_LABELS[listing.kind]} · {LISTING_MODE_LABELS[listing.mode]}
          </Descriptions.Item>
          <Descriptions.Item label={listing.kind === 'lease' ? '年租金' : '挂牌价'}>
            {yuan(listing.askingPrice)}
          </Descriptions.Item>
          <Descriptions.Item label="加价幅度">{yuan(listing.bidIncrement)}</Descriptions.Item>
          {listing.leaseTerm && (
            <Descriptions.Item label="租赁期限" span={2}>
              {date(listing.leaseTerm.start)} 至 {date(listing.leaseTerm.end)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="挂牌期" span={2}>
            {dateTime(listing.startsAt)} 至 {dateTime(listing.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label="发布时间">{dateTime(listing.publishedAt)}</Descriptions.Item>
          <Descriptions.Item label="出价">
            {listing.mode === 'negotiated' ? '—' : `${listing.bidCount} 次，最高 ${yuan(listing.highestBid)}`}
          </Descriptions.Item>
          {listing.closedAt && (
            <>
              <Descriptions.Item label="成交时间">{dateTime(listing.closedAt)}</Descriptions.Item>
              <Descriptions.Item label="成交价">{yuan(listing.finalPrice)}</Descriptions.Item>
            </>
          )}
          <Descriptions.Item label="挂牌说明" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {listing.description || '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title="挂牌声明" size="small">
        <Descriptions column={2} size="small" data-testid="listing-declarations">
          {DECLARATION_KEYS.map((key) => (
            <Descriptions.Item key={key} label={DECLARATION_LABELS[key].zh}>
              {listing.declarations[key] ? <Tag color="orange">是</Tag> : <Tag>否</Tag>}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>

      {listing.attachments.length > 0 && <Attachments listing={listing} />}
      {listing.mode !== 'negotiated' && ['published', 'closed', 'expired'].includes(listing.status) && (
        <BidHistory listingId={listing.id} />
      )}

      <WithdrawModal
        title={`撤回挂牌 ${listing.listingNumber}`}
        name="reason"
        label="撤回原因（选填）"
        maxLength={500}
        placed
        open={withdrawing}
        withdraw={(reason) =>
          call(
            http.POST('/api/v1/listings/{id}/withdraw', {
              params: { path: { id: listing.id } },
              body: reason ? { reason } : {},
            }),
          )
        }
        onClose={() => setWithdrawing(false)}
        onDone={() => {
          setWithdrawing(false);
          message.success('挂牌已撤回');
          reload();
        }}
      />
      <DealModal
        listing={listing}
        open={closing}
        onClose={() => setClosing(false)}
        onRefused={(found) => {
          setClosing(false);
          setRefusal(found);
        }}
        onDone={(result) => {
          setClosing(false);
          message.success('已协议成交，已生成登记申请草稿');
          if (result.applicationId) navigate(`/holder/applications/${result.applicationId}`);
          else reload();
        }}
      />
    </Space>
  );
}

function StateNote({ listing }: { listing: ListingOwnerView }) {
  const notes: Partial<Record<ListingOwnerView['status'], string>> = {
    draft: '草稿仅您本人可见。确认内容无误后点击“提交挂牌”，平台将与登记簿核对声明事项。',
    pending_confirmation: '已通过登记簿核对，等待登记机构确认发布。',
    published: '挂牌信息已公开发布。',
    expired: '挂牌期已届满，未成交。',
    withdrawn: '挂牌已撤回。',
  };
  if (listing.status === 'closed') {
    return (
      <Alert
        type="success"
        showIcon
        style={{ marginBottom: 16 }}
        message={`已成交，成交价 ${yuan(listing.finalPrice)}`}
        description={
          listing.applicationId ? (
            <Link to={`/holder/applications/${listing.applicationId}`}>查看并办理登记申请</Link>
          ) : undefined
        }
      />
    );
  }
  const note = notes[listing.status];
  return note ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={note} /> : null;
}

function RefusalAlert({ refusal }: { refusal: ListingRefusal }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="listing-findings"
      message={
        refusal.reason === 'listing_refused'
          ? '未通过登记簿核对，不能提交挂牌。请逐项处理以下问题后重新提交：'
          : '登记簿情况已变化，不能成交：'
      }
      description={
        <List
          size="small"
          dataSource={refusal.findings}
          renderItem={(finding) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text>{finding.message.zh}</Typography.Text>
                {finding.declaration && (
                  <Typography.Text type="secondary">
                    “{DECLARATION_LABELS[finding.declaration].zh}”：您声明为{finding.declared ? '是' : '否'}
                    ，登记簿记载为
                    {finding.register ? '是' : '否'}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}

function Attachments({ listing }: { listing: ListingOwnerView }) {
  const { message } = App.useApp();
  return (
    <Card title="附件" size="small">
      <List
        size="small"
        dataSource={listing.attachments}
        renderItem={(attachment, index) => (
          <List.Item
            actions={[
              <Button
                key="open"
                type="link"
                onClick={() =>
                  fetchDocument(`/api/v1/files/${attachment.fileId}/content`).then(
                    (url) => window.open(url, '_blank', 'noopener'),
                    (failure: unknown) => message.error(messageOf(failure)),
                  )
                }
              >
                查看
              </Button>,
            ]}
          >
            {attachment.kind === 'photo' ? '现场照片' : '附件文件'} {index + 1}
          </List.Item>
        )}
      />
    </Card>
  );
}

function BidHistory({ listingId }: { listingId: string }) {
  const bids = useRequest(
    () => call<BidView[]>(http.GET('/api/v1/listings/{id}/bids', { params: { path: { id: listingId } } })),
    [listingId],
  );
  return (
    <Card title="出价记录" size="small">
      <Loadable state={bids}>
        {(data) => (
          <Table<BidView>
            rowKey="sequence"
            dataSource={[...data].reverse()}
            size="small"
            locale={{ emptyText: '尚无出价' }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: '序号', dataIndex: 'sequence', width: 80 },
              { title: '竞买人', dataIndex: 'bidder' },
              { title: '出价', dataIndex: 'amount', align: 'right', render: yuan },
              { title: '时间', dataIndex: 'placedAt', render: dateTime },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}

/** 协议成交: the seller names the buyer or lessee and the agreed price; a draft application is opened. */
function DealModal({
  listing,
  open,
  onClose,
  onDone,
  onRefused,
}: {
  listing: ListingOwnerView;
  open: boolean;
  onClose: () => void;
  onDone: (result: CloseResult) => void;
  onRefused: (refusal: ListingRefusal) => void;
}) {
  const [form] = Form.useForm<{ counterparty: PartyValues; price: string }>();
  const role = listing.kind === 'lease' ? '承租人' : '受让人';
  const { busy, error, submit } = useSubmit(
    async (values: { counterparty: PartyValues; price: string }) => {
      onDone(
        await call<CloseResult>(
          http.POST('/api/v1/listings/{id}/close', {
            params: { path: { id: listing.id } },
            body: { counterparty: { party: partyBody(values.counterparty) }, price: money(values.price) },
          }),
        ),
      );
    },
    (failure) => {
      const refusal = refusalOf(failure);
      if (refusal) onRefused(refusal);
      return (
        refusal !== null ||
        placeFieldErrors(form, failure, (field) =>
          field === 'price' ? ['price'] : counterpartyFieldOf(field, ['counterparty']),
        )
      );
    },
  );

  return (
    <Modal
      title={`协议成交：${listing.listingNumber}`}
      open={open}
      onCancel={onClose}
      okText="确认成交"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        成交后挂牌结束，平台按成交结果生成{listing.kind === 'lease' ? '租赁' : '转移'}
        登记申请草稿，由双方确认后提交。
      </Typography.Paragraph>
      <FailureBanner failure={error} />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <PartyFields name={['counterparty']} role={role} />
        <Form.Item
          name="price"
          label={listing.kind === 'lease' ? '成交年租金' : '成交价格'}
          rules={[{ required: true, message: '请输入成交价格' }]}
        >
          <MoneyInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
