import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { MaterialType } from '@domain/registration/material-checklist';
import { REGISTRATION_KINDS, type RegistrationKind } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { ApplicationView } from '../api/views';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../common/feedback';
import { date, REGISTRATION_KIND_LABELS, yuan } from '../common/labels';
import { MoneyInput } from '../common/MoneyInput';
import { useSubmit } from '../common/useSubmit';
import { FileUpload, type UploadedFile } from './FileUpload';
import { FailureBanner, placeFieldErrors } from './form-errors';
import { LeaseTermField, MyUnitField, useMyUnits } from './fields';
import { COUNTERPARTY_ROLE, money } from './labels';
import { MaterialTable, useRequiredMaterials } from './Materials';
import { counterpartyFieldOf, PartyFields, partyBody, type PartyValues } from './PartyFields';

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

/** Where a field the server refused sits in this form. */
function fieldOf(field: string, values: ApplicationValues) {
  if (PLAIN_FIELDS.includes(field)) return [field];
  if (field.startsWith('leaseTerm')) return ['leaseTerm'];
  if (field === 'mortgage.amount') return ['mortgage', 'amount'];
  if (field.startsWith('mortgage.')) return ['mortgage', 'term'];
  if (field === 'counterparty') {
    return ['counterparty', values.counterparty?.kind === 'organization' ? 'uscc' : 'idNumber'];
  }
  return counterpartyFieldOf(field, ['counterparty']);
}

/** 新建登记申请: a draft the holder completes with materials, and, for joint kinds, the other party confirms. */
export function ApplicationForm() {
  const [form] = Form.useForm<ApplicationValues>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { user } = useSession();
  const kind = Form.useWatch('kind', form);
  const unitNumber = Form.useWatch('unitNumber', form);
  const counterpartyKind = Form.useWatch(['counterparty', 'kind'], form);
  const materials = Form.useWatch('materials', form);

  const { units, unit } = useMyUnits(unitNumber);
  const partyKinds = [
    user?.party?.kind,
    kind === 'mortgage_release' ? undefined : (counterpartyKind ?? 'person'),
  ].filter((value): value is 'person' | 'organization' => value !== undefined);
  const checklist = useRequiredMaterials(kind, unit.data, partyKinds);

  const { busy, error, submit } = useSubmit(
    async (values: ApplicationValues) => {
      const chosen = Object.entries(values.materials ?? {}).flatMap(([type, files]) =>
        (files ?? []).map((file) => ({ type: type as MaterialType, fileId: file.fileId })),
      );
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
    },
    (failure, values) => placeFieldErrors(form, failure, (field) => fieldOf(field, values)),
  );

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
        onFinish={submit}
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
            <MyUnitField units={units} />
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
                <MoneyInput />
              </Form.Item>
            </Col>
          )}
          {kind === 'lease' && (
            <>
              <Col span={10}>
                <LeaseTermField />
              </Col>
              <Col span={8}>
                <Form.Item
                  name="annualRent"
                  label="年租金"
                  rules={[{ required: true, message: '请输入年租金' }]}
                >
                  <MoneyInput min="0" />
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
                  <MoneyInput />
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
