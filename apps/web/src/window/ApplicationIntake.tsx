import { maskResidentId, validateResidentId } from '@domain/identifiers/resident-id';
import type { MaterialType } from '@domain/registration/material-checklist';
import { Alert, Button, Card, Descriptions, Form, List, Space, Spin, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { call, http } from '../api/client';
import type { components } from '../api/schema';
import type { ApplicationView, PartyView } from '../api/views';
import { ErrorBanner, Loadable, messageOf } from '../common/feedback';
import { date, dateTime, REGISTRATION_KIND_LABELS, stateLabel, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useSubmit } from '../common/useSubmit';
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
  perPersonStatus,
  splitApplicantField,
  startedAtFor,
} from './counter';
import { useCounterWindow } from './CounterWindow';
import { placeFieldErrors } from './fieldErrors';
import { IntakeOutcome } from './IntakeOutcome';
import { MaterialChecklist } from './MaterialChecklist';
import { AppearanceFields } from './PartyFields';
import { SubmitBar } from './SubmitBar';
import { useChecklist, useUnit } from './UnitSummary';
import type { IntakeResult } from './views';

type PresentationBody = components['schemas']['PresentationDto'];

/** What the clerk entered at an earlier decision on the same application, so nothing is typed twice. */
export interface PresentationPrefill {
  appearances: AppearanceValues[];
  materials: MaterialsValues;
}

interface PresentationValues {
  parties: AppearanceValues[];
  materials?: MaterialsValues;
}

/** A presentation as sent, with the form's values and which of its parties it names, to place refusals by. */
interface Presented {
  current: PresentationValues;
  sent: { index: number; body: AppearanceBody }[];
  body: PresentationBody;
}

/** The application can be taken in at this window: its refused draft, a requisition, or an online submission. */
function takeable(application: ApplicationView): boolean {
  return (
    (application.channel === 'window' && application.status === 'draft') ||
    application.status === 'requisitioned' ||
    (application.channel === 'online' &&
      application.status === 'submitted' &&
      application.acceptance === null)
  );
}

function sameParty(known: PartyView, entered: AppearanceValues['party'] | undefined): boolean {
  if (!entered || entered.kind !== known.kind) return false;
  if (known.kind === 'organization') return entered.uscc?.trim().toUpperCase() === known.uscc;
  const id = entered.idNumber ?? '';
  return validateResidentId(id).valid && maskResidentId(id) === known.idNumberMasked;
}

/**
 * Taking in an application that already exists (`POST /intake/applications/:id`): the clerk records who came
 * and which originals were seen, and the counter decides as for a new intake.
 */
export function ApplicationIntake({
  applicationId,
  prefill,
  onNext,
  nextLabel = '受理下一件',
}: {
  applicationId: string;
  prefill?: PresentationPrefill;
  onNext: () => void;
  nextLabel?: string;
}) {
  const application = useRequest(
    () =>
      call<ApplicationView>(
        http.GET('/api/v1/applications/{id}', { params: { path: { id: applicationId } } }),
      ),
    [applicationId],
  );
  return (
    <Loadable state={application}>
      {(loaded) => (
        <PresentationForm
          key={loaded.id}
          application={loaded}
          prefill={prefill}
          onNext={onNext}
          nextLabel={nextLabel}
        />
      )}
    </Loadable>
  );
}

function PresentationForm({
  application,
  prefill,
  onNext,
  nextLabel,
}: {
  application: ApplicationView;
  prefill?: PresentationPrefill;
  onNext: () => void;
  nextLabel: string;
}) {
  const counter = useCounterWindow();
  const [form] = Form.useForm<PresentationValues>();
  const values = (Form.useWatch([], form) ?? {}) as PresentationValues;
  const [startedAt] = useState(() => new Date());
  const [result, setResult] = useState<IntakeResult | null>(null);
  const unit = useUnit(application.unitNumber);
  const checklist = useChecklist(application.kind);

  const parties = [application.applicant, ...(application.counterparty ? [application.counterparty] : [])];
  const scanned = new Set<MaterialType>(application.materials.map((material) => material.type));
  // A draft of this window carries a scan of every original ticked at the earlier visit.
  const earlierTicks = application.channel === 'window' && application.status === 'draft';
  const initialValues: PresentationValues = {
    parties: parties.map((party, index) => {
      const entered = prefill?.appearances.find((appearance) => sameParty(party, appearance.party));
      if (entered) return entered;
      const confirmedOnline = index === 1 && application.counterpartyConfirmedAt !== null;
      return {
        party: { kind: party.kind, name: party.name, uscc: party.uscc },
        mode: confirmedOnline ? 'absent' : 'in_person',
      };
    }),
    materials:
      prefill?.materials ??
      (earlierTicks ? Object.fromEntries([...scanned].map((type) => [type, { checked: true }])) : undefined),
  };

  const appearances = values.parties ?? initialValues.parties;
  const agentPresent = appearances.some((appearance) => appearance.mode === 'agent');
  const { lines, tickable } = counterChecklist(
    checklist.data,
    unit.data,
    application.kind,
    parties.map((party) => party.kind),
    agentPresent,
  );

  const presentation = useSubmit(
    async ({ body }: Presented) => {
      setResult(
        await call<IntakeResult>(
          http.POST('/api/v1/intake/applications/{id}', { params: { path: { id: application.id } }, body }),
        ),
      );
      window.scrollTo({ top: 0 });
    },
    (failure, { current, sent, body }) =>
      placeFieldErrors(form, failure, (field) => {
        const applicant = splitApplicantField(field);
        if (applicant) {
          const index = sent[applicant.index]?.index;
          if (index === undefined) return null;
          const inner = appearanceFieldName(applicant.rest, current.parties[index]);
          return inner ? ['parties', index, ...inner] : null;
        }
        const material = materialOfField(field, body);
        return material ? ['materials', material, 'fileId'] : null;
      }),
  );

  function submit() {
    const current = form.getFieldsValue(true) as PresentationValues;
    const sent = current.parties
      .map((appearance, index) => ({ index, body: appearanceBody(appearance) }))
      .filter((entry): entry is { index: number; body: AppearanceBody } => entry.body !== null);
    const started = startedAtFor(startedAt);
    const body: PresentationBody = {
      applicants: sent.map((entry) => entry.body) as PresentationBody['applicants'],
      ...materialsBody(tickable, current.materials),
      ...(started ? { startedAt: started } : {}),
    };
    return presentation.submit({ current, sent, body });
  }

  const outcomeActions: ReactNode = (
    <>
      {result?.status === 'refused' && (
        <Button onClick={() => setResult(null)} data-testid="present-again">
          补齐后重新提交
        </Button>
      )}
      <Button onClick={onNext}>{nextLabel}</Button>
    </>
  );

  return (
    <>
      {result && <IntakeOutcome result={result} actions={outcomeActions} />}
      <div style={{ display: result ? 'none' : undefined }} data-testid="presentation">
        <ApplicationFacts application={application} />
        {!takeable(application) ? (
          <Alert
            type="info"
            showIcon
            message={`该申请当前状态为“${stateLabel(application.status)}”，不能在窗口受理。`}
            action={<Button onClick={onNext}>{nextLabel}</Button>}
          />
        ) : (
          <>
            <ErrorBanner error={presentation.error} />
            <Form
              form={form}
              name="presentation"
              layout="vertical"
              initialValues={initialValues}
              onFinish={submit}
            >
              <Card size="small" title="到场当事人" style={{ marginBottom: 12 }}>
                {parties.map((party, index) => (
                  <AppearanceFields
                    key={party.id}
                    title={
                      index === 0 ? APPLICANT_LABELS[application.kind] : COUNTERPARTY_LABELS[application.kind]
                    }
                    prefix={['parties', index]}
                    absolute={['parties', index]}
                    testId={`party-${index}`}
                    knownParty={party}
                    allowAbsent={index > 0}
                    extra={
                      index > 0 && application.counterpartyConfirmedAt ? (
                        <Tag color="blue">已于 {dateTime(application.counterpartyConfirmedAt)} 确认申请</Tag>
                      ) : undefined
                    }
                  />
                ))}
              </Card>
              <Card size="small" title="申请材料（核验原件，逐项勾选）" style={{ marginBottom: 12 }}>
                {unit.error !== undefined && <Alert type="error" showIcon message={messageOf(unit.error)} />}
                {checklist.error !== undefined && (
                  <Alert type="error" showIcon message={messageOf(checklist.error)} />
                )}
                {lines ? (
                  <MaterialChecklist
                    lines={lines}
                    perPerson={perPersonStatus(appearances)}
                    scanned={scanned}
                  />
                ) : (
                  unit.error === undefined && checklist.error === undefined && <Spin />
                )}
              </Card>
              <SubmitBar>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={presentation.busy}
                  disabled={!lines || !counter.active}
                  data-testid="present"
                >
                  在本窗口受理
                </Button>
                <Button onClick={onNext} disabled={presentation.busy}>
                  取消
                </Button>
              </SubmitBar>
            </Form>
          </>
        )}
      </div>
    </>
  );
}

/** The application as filed, so the clerk compares it with the papers on the counter. */
export function ApplicationFacts({ application }: { application: ApplicationView }) {
  const findings = application.precheck?.findings ?? [];
  return (
    <Card size="small" title="申请信息" style={{ marginBottom: 12 }} data-testid="application-facts">
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="申请编号">
          <Typography.Text strong>{application.applicationNumber}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="登记类型">{REGISTRATION_KIND_LABELS[application.kind]}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Space size={4}>
            <Tag color="blue">{stateLabel(application.status)}</Tag>
            <Tag>{application.channel === 'online' ? '网上申请' : '窗口申请'}</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="不动产单元号" span={2}>
          {application.unitNumber}
        </Descriptions.Item>
        <Descriptions.Item label="创建时间">{dateTime(application.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={APPLICANT_LABELS[application.kind]}>
          {application.applicant.name} {application.applicant.idNumberMasked ?? application.applicant.uscc}
        </Descriptions.Item>
        <Descriptions.Item label={COUNTERPARTY_LABELS[application.kind]} span={2}>
          {application.counterparty
            ? `${application.counterparty.name} ${application.counterparty.idNumberMasked ?? application.counterparty.uscc ?? ''}`
            : '—'}
        </Descriptions.Item>
        {application.declaredPrice !== null && (
          <Descriptions.Item label="申报成交价">{yuan(application.declaredPrice)}</Descriptions.Item>
        )}
        {application.leaseTerm && (
          <Descriptions.Item label="租赁期限与年租金" span={2}>
            {date(application.leaseTerm.start)} 至 {date(application.leaseTerm.end)}，
            {yuan(application.leaseTerm.annualRent)}
          </Descriptions.Item>
        )}
        {application.mortgage && (
          <Descriptions.Item label="抵押事项" span={2}>
            {application.mortgage.maxAmount ? '最高额抵押 ' : ''}
            {yuan(application.mortgage.amount)}，{date(application.mortgage.start)} 至{' '}
            {date(application.mortgage.end)}
          </Descriptions.Item>
        )}
        {application.precheck && (
          <Descriptions.Item label="自动预审" span={3}>
            {application.precheck.status === 'passed' ? (
              <Tag color="success">通过</Tag>
            ) : application.precheck.status === 'failed' ? (
              <Tag color="error">未通过</Tag>
            ) : (
              <Tag>进行中</Tag>
            )}
            {findings.length > 0 && (
              <List
                size="small"
                dataSource={findings}
                renderItem={(finding) => (
                  <List.Item>
                    <Tag color={finding.severity === 'block' ? 'red' : 'orange'}>
                      {finding.severity === 'block' ? '阻断' : '提示'}
                    </Tag>
                    {finding.message.zh}
                  </List.Item>
                )}
              />
            )}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
