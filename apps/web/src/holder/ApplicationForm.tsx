import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { MaterialType } from '@domain/registration/material-checklist';
import { REGISTRATION_KINDS, type RegistrationKind } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../common/feedback';
import { date, REGISTRATION_KIND_LABELS, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { FileUpload, type UploadedFile } from './FileUpload';
import { FailureBanner, placeFieldErrors } from './form-errors';
import { COUNTERPARTY_ROLE, money, placeOf } from './labels';
import { MaterialTable, useRequiredMaterials } from './Materials';
import { counterpartyFieldOf, PartyFields, partyBody, type PartyValues } from './PartyFields';
import type { ApplicationView, CountedPage, UnitView } from './views';

interface ApplicationValues {
  kind: RegistrationKind;
  unitNumber: string;
  counterparty?: PartyValues;
  declaredPrice?: string;
  leaseTerm?: [Dayjs, Dayjs];
  annualRent?: string;
  mortgage?: { amount: string; maxAmount?: boolean; term: [Dayjs, Dayjs] };
  mortgageId?: string;
  materials?: Partial<Record<MaterialType, UploadedFile[]>>;
}

const DAY = 'YYYY-MM-DD';
const PLAIN_FIELDS = ['kind', 'unitNumber', 'declaredPrice', 'annualRent', 'mortgageId'];

/** 新建登记申请: a draft the holder completes with materials, and, for joint kinds, the other party confirms. */
export function ApplicationForm() {
  const [form] = Form.useForm<ApplicationValues>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const unitNumber = Form.useWatch('unitNumber', form);
  const counterpartyKind = Form.useWatch(['counterparty', 'kind'], form);
  const materials = Form.useWatch('materials', form);

  const units = useRequest(
    () =>
      call<CountedPage<UnitView>>(
        http.GET('/api/v1/units', { params: { query: { mine: 'true', page: 1, pageSize: 100 } } }),
      ),
    [],
  );
  const unit = useRequest(
    () =>
      unitNumber
        ? call<UnitView>(http.GET('/api/v1/units/{unitNumber}', { params: { path: { unitNumber } } }))
        : Promise.resolve(undefined),
    [unitNumber],
  );
  const partyKinds = [
    user?.party?.kind,
    kind === 'mortgage_release' ? undefined : (counterpartyKind ?? 'person'),
  ].filter((value): value is 'person' | 'organization' => value !== undefined);
  const checklist = useRequiredMaterials(kind, unit.data, partyKinds);

  async function save(values: ApplicationValues) {
    setBusy(true);
    setError(null);
    const chosen = Object.entries(values.materials ?? {}).flatMap(([type, files]) =>
      (files ?? []).map((file) => ({ type: type as MaterialType, fileId: file.fileId })),
    );
    const fieldOf = (field: string) => {
      if (PLAIN_FIELDS.includes(field)) return [field];
      if (field.startsWith('leaseTerm')) return ['leaseTerm'];
      if (field === 'mortgage.amount') return ['mortgage', 'amount'];
      if (field.startsWith('mortgage.')) return ['mortgage', 'term'];
      if (field === 'counterparty') {
        return ['counterparty', values.counterparty?.kind === 'organization' ? 'uscc' : 'idNumber'];
      }
      return counterpartyFieldOf(field, ['counterparty']);
    };
    try {
      const created = await call<ApplicationView>(
        http.POST('/api/v1/applications', {
          body: {
            kind: values.kind,
            unitNumber: values.unitNumber,
            counterparty:
              values.kind !== 'mortgage_release' && values.counterparty
                ? { party: partyBody(values.counterparty) }
                : undefined,
            declaredPrice: values.kind === 'transfer' ? money(values.declaredPrice!) : undefined,
            leaseTerm:
              values.kind === 'lease' && values.leaseTerm
                ? { start: values.leaseTerm[0].format(DAY), end: values.leaseTerm[1].format(DAY) }
                : undefined,
            annualRent: values.kind === 'lease' ? money(values.annualRent!) : undefined,
            mortgage:
              values.kind === 'mortgage' && values.mortgage
                ? {
                    amount: money(values.mortgage.amount),
                    maxAmount: values.mortgage.maxAmount ?? false,
                    start: values.mortgage.term[0].format(DAY),
                    end: values.mortgage.term[1].format(DAY),
                  }
                : undefined,
            mortgageId: values.kind === 'mortgage_release' ? values.mortgageId : undefined,
            materials: chosen,
          },
        }),
      );
      navigate(`/holder/applications/${created.id}`);
    } catch (failure) {
      if (!placeFieldErrors(form, failure, fieldOf)) setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const provided = Object.entries(materials ?? {}).flatMap(([type, files]) =>
    (files ?? []).map(() => type as MaterialType),
  );

  return (
    <Card title="新建登记申请">
      <Typography.Paragraph type="secondary">
        申请保存为草稿后仍可补充材料。转移登记和抵押登记须双方共同申请：保存后请对方当事人登录平台确认，再提交申请。
      </Typography.Paragraph>
      <FailureBanner failure={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        scrollToFirstError
        initialValues={{
          kind: (params.get('kind') as RegistrationKind | null) ?? 'transfer',
          unitNumber: params.get('unit') ?? undefined,
        }}
      >
        <Row gutter={24}>
          <Col span={8}>
            <Form.Item name="kind" label="登记类型" rules={[{ required: true, message: '请选择登记类型' }]}>
              <Select
                options={REGISTRATION_KINDS.map((value) => ({
                  value,
                  label: REGISTRATION_KIND_LABELS[value],
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item
              name="unitNumber"
              label="不动产单元"
              rules={[{ required: true, message: '请选择不动产单元' }]}
            >
              <Select
                showSearch
                loading={units.loading}
                placeholder="选择您名下的不动产单元"
                optionFilterProp="label"
                options={(units.data?.items ?? []).map((candidate) => ({
                  value: candidate.unitNumber,
                  label: `${candidate.unitNumber} ${placeOf(candidate.districtCode, candidate.location)}`,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <ErrorBanner error={units.error ?? unit.error} />

        {kind && kind !== 'mortgage_release' && (
          <>
            <Typography.Title level={5}>{COUNTERPARTY_ROLE[kind]}</Typography.Title>
            <PartyFields name={['counterparty']} role={COUNTERPARTY_ROLE[kind]} />
          </>
        )}

        <Typography.Title level={5}>申请事项</Typography.Title>
        <Row gutter={24}>
          {kind === 'transfer' && (
            <Col span={8}>
              <Form.Item
                name="declaredPrice"
                label="申报成交价"
                extra="请如实申报；明显低于基准地价的，政府可依法行使优先购买权"
                rules={[{ required: true, message: '请输入申报成交价' }]}
              >
                <InputNumber<string>
                  stringMode
                  min="0.01"
                  precision={2}
                  addonAfter="元"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          )}
          {kind === 'lease' && (
            <>
              <Col span={10}>
                <Form.Item
                  name="leaseTerm"
                  label="租赁期限"
                  extra="不超过 20 年，且不超过土地使用权终止日期"
                  rules={[{ required: true, message: '请选择租赁期限' }]}
                >
                  <DatePicker.RangePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="annualRent"
                  label="年租金"
                  rules={[{ required: true, message: '请输入年租金' }]}
                >
                  <InputNumber<string>
                    stringMode
                    min="0"
                    precision={2}
                    addonAfter="元"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            </>
          )}
          {kind === 'mortgage' && (
            <>
              <Col span={8}>
                <Form.Item
                  name={['mortgage', 'amount']}
                  label="被担保债权数额"
                  rules={[{ required: true, message: '请输入债权数额' }]}
                >
                  <InputNumber<string>
                    stringMode
                    min="0.01"
                    precision={2}
                    addonAfter="元"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item
                  name={['mortgage', 'term']}
                  label="债务履行期限"
                  rules={[{ required: true, message: '请选择期限' }]}
                >
                  <DatePicker.RangePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={['mortgage', 'maxAmount']} label=" " valuePropName="checked">
                  <Checkbox>最高额抵押</Checkbox>
                </Form.Item>
              </Col>
            </>
          )}
          {kind === 'mortgage_release' && (
            <Col span={16}>
              <Form.Item
                name="mortgageId"
                label="拟注销的抵押权"
                rules={[{ required: true, message: '请选择抵押权' }]}
              >
                <Select
                  placeholder={unitNumber ? '选择该单元上的现势抵押' : '请先选择不动产单元'}
                  notFoundContent="该单元没有现势抵押"
                  options={(unit.data?.mortgages ?? []).map((mortgage) => ({
                    value: mortgage.id,
                    label: `第 ${mortgage.rank} 顺位 · ${mortgage.mortgagee.name} · ${yuan(mortgage.amount)} · ${date(
                      mortgage.termStart,
                    )} 至 ${date(mortgage.termEnd)}`,
                  }))}
                />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Typography.Title level={5}>申请材料</Typography.Title>
        <ErrorBanner error={checklist.error} />
        {checklist.required ? (
          <MaterialTable
            required={checklist.required}
            provided={provided}
            upload={(type) => (
              <Form.Item name={['materials', type]} noStyle>
                <FileUpload testId={`upload-${type}`} />
              </Form.Item>
            )}
          />
        ) : (
          <Alert type="info" showIcon message="选择登记类型和不动产单元后，将按材料清单列出需提交的材料。" />
        )}

        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存草稿
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
