import { validateUnitNumber } from '@domain/identifiers/unit-number';
import type { RegistrationKind } from '@domain/registration/registration-model';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Spin,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { call, http } from '../api/client';
import type { components } from '../api/schema';
import { ErrorBanner, messageOf } from '../common/feedback';
import { REGISTRATION_KIND_LABELS, yuan } from '../common/labels';
import { useSubmit } from '../common/useSubmit';
import { ApplicationIntake, type PresentationPrefill } from './ApplicationIntake';
import {
  APPLICANT_LABELS,
  appearanceBody,
  type AppearanceBody,
  appearanceFieldName,
  type AppearanceValues,
  COUNTERPARTY_LABELS,
  counterChecklist,
  materialOfField,
  materialsBody,
  type MaterialsValues,
  moneyRule,
  partyBody,
  newAppearance,
  perPersonStatus,
  splitApplicantField,
  startedAtFor,
  unitNumberRule,
} from './counter';
import { useCounterWindow } from './CounterWindow';
import { placeFieldErrors } from './fieldErrors';
import { IntakeOutcome } from './IntakeOutcome';
import { MaterialChecklist } from './MaterialChecklist';
import { AppearanceFields } from './PartyFields';
import { SubmitBar } from './SubmitBar';
import { UnitSummary, useChecklist, useUnit } from './UnitSummary';
import type { IntakeResult } from './views';

type IntakeBody = components['schemas']['IntakeDto'];

interface IntakeValues {
  kind: RegistrationKind;
  unitNumber?: string;
  declaredPrice?: string;
  leaseTerm?: [Dayjs, Dayjs];
  annualRent?: string;
  mortgage?: { amount?: string; maxAmount?: boolean; term?: [Dayjs, Dayjs] };
  mortgageId?: string;
  applicants?: AppearanceValues[];
  /** A release names the mortgagee only when they come to the counter. */
  withCounterparty?: boolean;
  counterparty?: AppearanceValues;
  materials?: MaterialsValues;
}

const KIND_OPTIONS = (Object.keys(REGISTRATION_KIND_LABELS) as RegistrationKind[]).map((kind) => ({
  value: kind,
  label: REGISTRATION_KIND_LABELS[kind],
}));

const INITIAL_VALUES: IntakeValues = {
  kind: 'transfer',
  applicants: [newAppearance()],
  counterparty: newAppearance(),
};

const RENT_RULE = { pattern: /^[0-9]{1,12}(\.[0-9]{1,2})?$/, message: '请输入最多两位小数的金额（元）' };

function day(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}

/** Who is at the counter, in the order the request lists them: the applying side, then the counter-party. */
function appearancesOf(values: IntakeValues): AppearanceValues[] {
  const counterparty =
    values.kind !== 'mortgage_release' || values.withCounterparty ? values.counterparty : undefined;
  return [...(values.applicants ?? []), ...(counterparty ? [counterparty] : [])];
}

/**
 * 受理登记: the clerk files the application for the people at the counter, with everything the counter sees,
 * and gets the decision on the spot. A refused application stays a draft of this window; the clerk can take
 * it in again as soon as the missing items are brought.
 */
export function IntakePage() {
  const counter = useCounterWindow();
  const [form] = Form.useForm<IntakeValues>();
  const values = (Form.useWatch([], form) ?? { kind: 'transfer' }) as IntakeValues;
  const [startedAt, setStartedAt] = useState(() => new Date());
  const [decided, setDecided] = useState<{ result: IntakeResult; prefill: PresentationPrefill } | null>(null);
  const [completing, setCompleting] = useState(false);

  const kind = values.kind ?? 'transfer';
  const unitCheck = validateUnitNumber(values.unitNumber ?? '');
  const unitNumber = unitCheck.valid ? unitCheck.value : null;
  const unit = useUnit(unitNumber);
  const checklist = useChecklist(kind);

  const appearances = appearancesOf(values);
  const partyKinds = appearances.map((appearance) => appearance.party?.kind ?? 'person');
  const agentPresent = appearances.some((appearance) => appearance.mode === 'agent');
  const { lines, tickable } = counterChecklist(checklist.data, unit.data, kind, partyKinds, agentPresent);

  function bodyOf(current: IntakeValues): IntakeBody {
    const withCounterparty = current.kind !== 'mortgage_release' || current.withCounterparty;
    const applicants = appearancesOf(current)
      .map(appearanceBody)
      .filter((appearance): appearance is AppearanceBody => appearance !== null);
    const started = startedAtFor(startedAt);
    return {
      kind: current.kind,
      unitNumber: unitNumber ?? current.unitNumber ?? '',
      ...(withCounterparty && current.counterparty
        ? { counterparty: { party: partyBody(current.counterparty.party) } }
        : {}),
      ...(current.kind === 'transfer' ? { declaredPrice: current.declaredPrice } : {}),
      ...(current.kind === 'lease' && current.leaseTerm
        ? {
            leaseTerm: { start: day(current.leaseTerm[0]), end: day(current.leaseTerm[1]) },
            annualRent: current.annualRent,
          }
        : {}),
      ...(current.kind === 'mortgage' && current.mortgage?.term
        ? {
            mortgage: {
              amount: current.mortgage.amount ?? '',
              maxAmount: current.mortgage.maxAmount === true,
              start: day(current.mortgage.term[0]),
              end: day(current.mortgage.term[1]),
            },
          }
        : {}),
      ...(current.kind === 'mortgage_release' ? { mortgageId: current.mortgageId } : {}),
      applicants: applicants as IntakeBody['applicants'],
      ...materialsBody(tickable, current.materials),
      ...(started ? { startedAt: started } : {}),
    };
  }

  /** Where a field the server refused sits in this form. */
  function fieldName(field: string, current: IntakeValues, body: IntakeBody): (string | number)[] | null {
    const applicant = splitApplicantField(field);
    if (applicant) {
      const own = current.applicants?.length ?? 0;
      const values = appearancesOf(current)[applicant.index];
      const inner = appearanceFieldName(applicant.rest, values);
      if (!inner) return null;
      return applicant.index < own ? ['applicants', applicant.index, ...inner] : ['counterparty', ...inner];
    }
    const material = materialOfField(field, body);
    if (material) return ['materials', material, 'fileId'];
    if (field.startsWith('counterparty.party.')) return ['counterparty', 'party', field.split('.')[2]];
    if (field === 'counterparty' || field === 'counterparty.party') return ['counterparty', 'party', 'name'];
    if (field.startsWith('leaseTerm')) return ['leaseTerm'];
    if (field === 'mortgage.amount') return ['mortgage', 'amount'];
    if (field.startsWith('mortgage.')) return ['mortgage', 'term'];
    if (['unitNumber', 'declaredPrice', 'annualRent', 'mortgageId'].includes(field)) return [field];
    return null;
  }

  const intake = useSubmit(
    async ({ current, body }: { current: IntakeValues; body: IntakeBody }) => {
      const result = await call<IntakeResult>(http.POST('/api/v1/intake', { body }));
      setDecided({
        result,
        prefill: { appearances: appearancesOf(current), materials: current.materials ?? {} },
      });
      window.scrollTo({ top: 0 });
    },
    (failure, { current, body }) =>
      placeFieldErrors(form, failure, (field) => fieldName(field, current, body)),
  );

  function submit() {
    const current = form.getFieldsValue(true) as IntakeValues;
    return intake.submit({ current, body: bodyOf(current) });
  }

  function next() {
    form.resetFields();
    setDecided(null);
    setCompleting(false);
    intake.setError(null);
    setStartedAt(new Date());
    window.scrollTo({ top: 0 });
  }

  const counterpartyLabel = COUNTERPARTY_LABELS[kind];
  const showCounterparty = kind !== 'mortgage_release' || values.withCounterparty;

  return (
    <>
      {decided && completing && (
        <ApplicationIntake
          applicationId={decided.result.application.id}
          prefill={decided.prefill}
          onNext={next}
        />
      )}
      {decided && !completing && (
        <IntakeOutcome
          result={decided.result}
          actions={
            <>
              {decided.result.status === 'refused' && (
                <Button onClick={() => setCompleting(true)} data-testid="complete-draft">
                  补齐材料后继续受理
                </Button>
              )}
              <Button onClick={next}>受理下一件</Button>
            </>
          }
        />
      )}
      <div style={{ display: decided ? 'none' : undefined }} data-testid="intake-form">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          受理登记
        </Typography.Title>
        <ErrorBanner error={intake.error} />
        <Form form={form} name="intake" layout="vertical" onFinish={submit} initialValues={INITIAL_VALUES}>
          <Card size="small" title="一、登记类型与不动产单元" style={{ marginBottom: 12 }}>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="kind" label="登记类型">
                  <Radio.Group optionType="button" buttonStyle="solid" options={KIND_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="unitNumber"
                  label="不动产单元号"
                  rules={[{ required: true, message: '请输入不动产单元号' }, unitNumberRule]}
                  normalize={(value: string) => value.toUpperCase()}
                >
                  <Input
                    maxLength={28}
                    style={{ fontFamily: 'monospace' }}
                    placeholder="28 位，如 150302001001GB00101W00000000"
                  />
                </Form.Item>
              </Col>
            </Row>
            {unitNumber && unit.loading && <Spin />}
            {unitNumber && unit.error !== undefined && (
              <Alert type="error" showIcon message={messageOf(unit.error)} />
            )}
            {unit.data && <UnitSummary unit={unit.data} />}
          </Card>

          <Card size="small" title="二、申请事项" style={{ marginBottom: 12 }}>
            <KindFields kind={kind} mortgages={unit.data?.mortgages ?? null} />
          </Card>

          <Card size="small" title={`三、申请人（${APPLICANT_LABELS[kind]}）`} style={{ marginBottom: 12 }}>
            <Form.List name="applicants">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <AppearanceFields
                      key={field.key}
                      title={index === 0 ? APPLICANT_LABELS[kind] : `共有人或共同申请人 ${index}`}
                      prefix={[field.name]}
                      absolute={['applicants', field.name]}
                      testId={`applicant-${index}`}
                      extra={
                        index > 0 && (
                          <Button size="small" type="link" danger onClick={() => remove(field.name)}>
                            移除
                          </Button>
                        )
                      }
                    />
                  ))}
                  {fields.length < 9 && (
                    <Button onClick={() => add(newAppearance())}>添加共有人或共同申请人</Button>
                  )}
                </>
              )}
            </Form.List>
          </Card>

          <Card size="small" title={`四、${counterpartyLabel}`} style={{ marginBottom: 12 }}>
            {kind === 'mortgage_release' && (
              <Form.Item name="withCounterparty" valuePropName="checked" label="抵押权人是否到场办理">
                <Switch checkedChildren="到场" unCheckedChildren="不填写" />
              </Form.Item>
            )}
            {showCounterparty && (
              <AppearanceFields
                title={counterpartyLabel}
                prefix={['counterparty']}
                absolute={['counterparty']}
                testId="counterparty"
                allowAbsent
              />
            )}
            {kind === 'transfer' || kind === 'mortgage' ? (
              <Typography.Text type="secondary">
                {REGISTRATION_KIND_LABELS[kind]}须双方共同申请：{counterpartyLabel}本人到场或委托代理人办理。
              </Typography.Text>
            ) : null}
          </Card>

          <Card
            size="small"
            title="五、申请材料（核验原件，逐项勾选并上传扫描件）"
            style={{ marginBottom: 12 }}
          >
            {checklist.error !== undefined && (
              <Alert type="error" showIcon message={messageOf(checklist.error)} />
            )}
            {!unit.data ? (
              <Typography.Text type="secondary">
                输入不动产单元号后，按单元的登记情况列出应交材料。
              </Typography.Text>
            ) : lines ? (
              <MaterialChecklist lines={lines} perPerson={perPersonStatus(appearances)} />
            ) : (
              <Spin />
            )}
          </Card>

          <SubmitBar>
            <Button
              type="primary"
              htmlType="submit"
              loading={intake.busy}
              disabled={!unit.data || !counter.active}
            >
              提交受理
            </Button>
            <Button onClick={next} disabled={intake.busy}>
              清空重填
            </Button>
            <Typography.Text type="secondary">提交后当场作出受理或一次性告知决定。</Typography.Text>
          </SubmitBar>
        </Form>
      </div>
    </>
  );
}

/** The fields each kind of application carries, as `POST /intake` requires them. */
function KindFields({
  kind,
  mortgages,
}: {
  kind: RegistrationKind;
  mortgages: { id: string; rank: number; mortgagee: { name: string }; amount: string }[] | null;
}) {
  if (kind === 'transfer') {
    return (
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="declaredPrice"
            label="申报成交价"
            rules={[{ required: true, message: '请输入申报成交价' }, moneyRule]}
          >
            <Input addonAfter="元" inputMode="decimal" />
          </Form.Item>
        </Col>
      </Row>
    );
  }
  if (kind === 'lease') {
    return (
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="leaseTerm"
            label="租赁期限"
            rules={[{ required: true, message: '请选择租赁期限' }]}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="annualRent"
            label="年租金"
            rules={[{ required: true, message: '请输入年租金' }, RENT_RULE]}
          >
            <Input addonAfter="元" inputMode="decimal" />
          </Form.Item>
        </Col>
      </Row>
    );
  }
  if (kind === 'mortgage') {
    return (
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name={['mortgage', 'amount']}
            label="被担保债权数额（最高债权额）"
            rules={[{ required: true, message: '请输入债权数额' }, moneyRule]}
          >
            <Input addonAfter="元" inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            name={['mortgage', 'term']}
            label="债务履行期限"
            rules={[{ required: true, message: '请选择债务履行期限' }]}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['mortgage', 'maxAmount']} valuePropName="checked" label="抵押方式">
            <Checkbox>最高额抵押</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={16}>
      <Col span={14}>
        <Form.Item
          name="mortgageId"
          label="拟注销的抵押权"
          rules={[{ required: true, message: '请选择拟注销的抵押权' }]}
          extra={mortgages === null ? '输入不动产单元号后可选' : undefined}
        >
          <Select
            disabled={!mortgages}
            notFoundContent="该单元无现势抵押权"
            options={(mortgages ?? []).map((mortgage) => ({
              value: mortgage.id,
              label: `第${mortgage.rank}顺位 · ${mortgage.mortgagee.name} · ${yuan(mortgage.amount)}`,
            }))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
