import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Progress,
  Row,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { MaterialType } from '@domain/registration/material-checklist';
import { isJointKind } from '@domain/registration/registration-model';
import { call, fetchDocument, http } from '../api/client';
import type { ApplicationView, HistoryEntry, PartyView, UnitView } from '../api/views';
import { useSession } from '../auth/session';
import { Loadable, messageOf } from '../common/feedback';
import { date, dateTime, REGISTRATION_KIND_LABELS, stateLabel, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useSteps } from '../common/useSubmit';
import { FileUpload } from './FileUpload';
import { FailureBanner } from './form-errors';
import {
  APPLICATION_STATUS_COLORS,
  COUNTERPARTY_ROLE,
  historyActionLabel,
  materialLabel,
  partyIdentifier,
} from './labels';
import { MaterialTable, useRequiredMaterials } from './Materials';
import { WithdrawModal } from './WithdrawModal';

/** How often an application whose pre-check is running is read again, so its outcome appears by itself. */
const PRECHECK_POLL_MS = 3000;

/** One application: its state and what the holder can do in it, the statutory clock, pre-check and history. */
export function ApplicationDetail() {
  const { id = '' } = useParams();
  const application = useRequest(
    () => call<ApplicationView>(http.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
    [id],
  );
  const { reload, data } = application;
  const prechecking = data?.status === 'submitted' && data.precheck?.status === 'pending';
  useEffect(() => {
    if (!prechecking) return;
    const timer = setTimeout(reload, PRECHECK_POLL_MS);
    return () => clearTimeout(timer);
  }, [prechecking, reload, data]);
  return (
    <Loadable state={application}>
      {(loaded) => <ApplicationPanel application={loaded} reload={reload} />}
    </Loadable>
  );
}

function partyText(party: PartyView | null): string {
  return party ? `${party.name}（${partyIdentifier(party)}）` : '—';
}

/** The requisition being answered: the latest step into `requisitioned`, with every missing item it listed. */
function lastRequisition(history: HistoryEntry[]): HistoryEntry | undefined {
  return [...history].reverse().find((entry) => entry.toStatus === 'requisitioned');
}

function ApplicationPanel({ application, reload }: { application: ApplicationView; reload: () => void }) {
  const { message } = App.useApp();
  const { user } = useSession();
  const { running: busy, error, run } = useSteps();
  const [withdrawing, setWithdrawing] = useState(false);
  const partyId = user?.party?.id;
  const isApplicant = partyId === application.applicant.id;
  const isCounterparty = !!application.counterparty && partyId === application.counterparty.id;
  const role = COUNTERPARTY_ROLE[application.kind];
  const joint = isJointKind(application.kind);
  const awaitingConfirmation =
    joint &&
    application.status === 'draft' &&
    application.counterparty !== null &&
    !application.counterpartyConfirmedAt;
  // A recorded transfer has moved the unit to the other party: its register page is no longer the applicant's.
  const holdsUnit =
    isApplicant &&
    !(application.kind === 'transfer' && ['recorded', 'certified'].includes(application.status));
  const canAddMaterials =
    isApplicant && (application.status === 'draft' || application.status === 'requisitioned');

  const act = (name: string, step: () => Promise<unknown>, done: string) =>
    run(name, async () => {
      await step();
      message.success(done);
      reload();
    });

  const path = { params: { path: { id: application.id } } };
  const submit = () =>
    act(
      'submit',
      () => call(http.POST('/api/v1/applications/{id}/submit', path)),
      '申请已提交，正在自动预审',
    );
  const resubmit = () =>
    act(
      'resubmit',
      () =>
        call(
          http.POST('/api/v1/applications/{id}/actions/{action}', {
            params: { path: { id: application.id, action: 'resubmit' } },
            body: {},
          }),
        ),
      '已补正并重新提交，正在自动预审',
    );
  const confirm = () =>
    act('confirm', () => call(http.POST('/api/v1/applications/{id}/confirm', path)), '已确认共同申请');

  async function downloadCertificate() {
    const certificate = application.certificate;
    if (!certificate) return;
    await run('certificate', async () => {
      const url = await fetchDocument(certificate.pdfUrl);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${certificate.number}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  }

  const actions = [
    isApplicant && application.availableActions.includes('submit') && (
      <Tooltip key="submit" title={awaitingConfirmation ? `须${role}确认后方可提交` : undefined}>
        <Button type="primary" loading={busy === 'submit'} disabled={awaitingConfirmation} onClick={submit}>
          提交申请
        </Button>
      </Tooltip>
    ),
    isApplicant && application.availableActions.includes('resubmit') && (
      <Button key="resubmit" type="primary" loading={busy === 'resubmit'} onClick={resubmit}>
        补正后重新提交
      </Button>
    ),
    isCounterparty && awaitingConfirmation && (
      <Button key="confirm" type="primary" loading={busy === 'confirm'} onClick={confirm}>
        确认共同申请
      </Button>
    ),
    application.certificate && (
      <Button key="certificate" loading={busy === 'certificate'} onClick={downloadCertificate}>
        下载电子证书
      </Button>
    ),
    isApplicant && application.availableActions.includes('withdraw') && (
      <Button key="withdraw" danger onClick={() => setWithdrawing(true)}>
        撤回申请
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>
              {REGISTRATION_KIND_LABELS[application.kind]} {application.applicationNumber}
            </span>
            <Tag color={APPLICATION_STATUS_COLORS[application.status]} data-testid="application-status">
              {stateLabel(application.status)}
            </Tag>
          </Space>
        }
        extra={<Space wrap>{actions}</Space>}
      >
        <FailureBanner failure={error} />
        <StateAlerts application={application} isApplicant={isApplicant} isCounterparty={isCounterparty} />
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="不动产单元号">
            {holdsUnit ? (
              <Link to={`/holder/units/${application.unitNumber}`}>{application.unitNumber}</Link>
            ) : (
              application.unitNumber
            )}
          </Descriptions.Item>
          <Descriptions.Item label="申请渠道">
            {application.channel === 'online' ? '网上申请' : '窗口受理'}
          </Descriptions.Item>
          <Descriptions.Item label="申请人">{partyText(application.applicant)}</Descriptions.Item>
          <Descriptions.Item label={role}>{partyText(application.counterparty)}</Descriptions.Item>
          {joint && (
            <Descriptions.Item label={`${role}确认`} span={2}>
              {application.counterpartyConfirmedAt ? (
                <Tag color="green">已确认 {dateTime(application.counterpartyConfirmedAt)}</Tag>
              ) : (
                <Tag color="orange">未确认</Tag>
              )}
            </Descriptions.Item>
          )}
          {application.declaredPrice && (
            <Descriptions.Item label="申报成交价">{yuan(application.declaredPrice)}</Descriptions.Item>
          )}
          {application.leaseTerm && (
            <>
              <Descriptions.Item label="租赁期限">
                {date(application.leaseTerm.start)} 至 {date(application.leaseTerm.end)}
              </Descriptions.Item>
              <Descriptions.Item label="年租金">{yuan(application.leaseTerm.annualRent)}</Descriptions.Item>
            </>
          )}
          {application.mortgage && (
            <>
              <Descriptions.Item label="债权数额">
                {yuan(application.mortgage.amount)} {application.mortgage.maxAmount && <Tag>最高额</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="债务履行期限">
                {date(application.mortgage.start)} 至 {date(application.mortgage.end)}
              </Descriptions.Item>
            </>
          )}
          <Descriptions.Item label="受理编号">
            {application.acceptance?.acceptanceNumber ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="承办人">{application.assignedTo?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="创建时间">{dateTime(application.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="最近更新">{dateTime(application.updatedAt)}</Descriptions.Item>
          {application.certificate && (
            <Descriptions.Item label="证书（证明）号" span={2}>
              {application.certificate.number}（{dateTime(application.certificate.issuedAt)} 缮证）
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col span={12}>
          <DeadlineCard application={application} />
        </Col>
        <Col span={12}>
          <PrecheckCard application={application} />
        </Col>
      </Row>

      <MaterialsCard
        application={application}
        isApplicant={isApplicant}
        editable={canAddMaterials}
        reload={reload}
      />

      <Card title="办理过程" size="small">
        {application.history.length === 0 && (
          <Typography.Text type="secondary">申请尚未提交，提交后将在此记录每一步办理情况。</Typography.Text>
        )}
        <Timeline
          data-testid="application-history"
          items={application.history.map((entry) => ({
            color:
              entry.toStatus === 'rejected' ? 'red' : entry.toStatus === 'requisitioned' ? 'orange' : 'blue',
            children: (
              <>
                <Typography.Text strong>{historyActionLabel(entry.action)}</Typography.Text>
                {entry.fromStatus !== entry.toStatus && (
                  <Typography.Text type="secondary"> → {stateLabel(entry.toStatus)}</Typography.Text>
                )}
                <br />
                <Typography.Text type="secondary">
                  {dateTime(entry.at)} · {entry.actor.label}
                </Typography.Text>
                {entry.comment && <div>{entry.comment}</div>}
                {entry.missingItems && entry.missingItems.length > 0 && (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {entry.missingItems.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                )}
                {entry.legalGround && <div>依据：{entry.legalGround}</div>}
              </>
            ),
          }))}
        />
      </Card>

      <WithdrawModal
        title={`撤回申请 ${application.applicationNumber}`}
        intro={<Typography.Paragraph>撤回后本申请终止办理，如需办理须重新申请。</Typography.Paragraph>}
        name="comment"
        label="撤回说明（选填）"
        maxLength={2000}
        open={withdrawing}
        withdraw={(comment) =>
          call(
            http.POST('/api/v1/applications/{id}/actions/{action}', {
              params: { path: { id: application.id, action: 'withdraw' } },
              body: comment ? { comment } : {},
            }),
          )
        }
        onClose={() => setWithdrawing(false)}
        onDone={() => {
          setWithdrawing(false);
          message.success('申请已撤回');
          reload();
        }}
      />
    </Space>
  );
}

function StateAlerts({
  application,
  isApplicant,
  isCounterparty,
}: {
  application: ApplicationView;
  isApplicant: boolean;
  isCounterparty: boolean;
}) {
  const role = COUNTERPARTY_ROLE[application.kind];
  const alerts = [];
  const unconfirmed =
    application.status === 'draft' && isJointKind(application.kind) && !application.counterpartyConfirmedAt;
  if (unconfirmed && isCounterparty) {
    alerts.push(
      <Alert
        key="confirm"
        type="warning"
        showIcon
        data-testid="confirmation-request"
        message={`${application.applicant.name}请您作为${role}共同申请本登记`}
        description="请核对不动产单元、当事人和申请事项。确认后，申请人方可提交申请；如内容有误，请联系申请人修改，不要确认。"
      />,
    );
  }
  if (unconfirmed && isApplicant) {
    alerts.push(
      <Alert
        key="awaiting"
        type="info"
        showIcon
        data-testid="awaiting-confirmation"
        message={`等待${role}确认`}
        description={`转移登记和抵押登记须双方共同申请。请${role}${application.counterparty?.name ?? ''}登录平台，在“待我确认”中确认后，再提交申请。`}
      />,
    );
  }
  if (application.status === 'requisitioned') {
    const requisition = lastRequisition(application.history);
    alerts.push(
      <Alert
        key="requisition"
        type="warning"
        showIcon
        data-testid="requisition"
        message="需要补正：请按以下一次性告知的事项补充材料，然后点击“补正后重新提交”"
        description={
          <>
            {requisition?.comment && <div>{requisition.comment}</div>}
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {(requisition?.missingItems ?? []).map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </>
        }
      />,
    );
  }
  if (application.status === 'rejected') {
    const rejection = [...application.history].reverse().find((entry) => entry.toStatus === 'rejected');
    alerts.push(
      <Alert
        key="rejected"
        type="error"
        showIcon
        message="申请已驳回"
        description={[rejection?.legalGround && `依据：${rejection.legalGround}`, rejection?.comment]
          .filter(Boolean)
          .join('；')}
      />,
    );
  }
  if (application.status === 'preemption_pending') {
    alerts.push(
      <Alert
        key="preemption"
        type="info"
        showIcon
        message="申报价格低于基准地价的规定比例，政府正在决定是否行使优先购买权，期间办理时限暂停计算。"
        description={
          application.preemption.dueOn ? `决定期限：${date(application.preemption.dueOn)}` : undefined
        }
      />,
    );
  }
  if (application.certificate) {
    alerts.push(
      <Alert
        key="certified"
        type="success"
        showIcon
        message={`已登簿发证：${application.certificate.number}`}
        description={
          <Link to={`/verify/${encodeURIComponent(application.certificate.number)}`}>
            在证书核验页面查看核验结果
          </Link>
        }
      />,
    );
  }
  return alerts.length > 0 ? (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {alerts}
    </Space>
  ) : null;
}

function DeadlineCard({ application }: { application: ApplicationView }) {
  const deadline = application.deadline;
  return (
    <Card title="办理时限" size="small" style={{ height: '100%' }} data-testid="deadline">
      {deadline ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="时限">
              {deadline.limitWorkingDays} 个工作日（自受理次日起算）
            </Descriptions.Item>
            <Descriptions.Item label="受理日期">{date(deadline.acceptedOn)}</Descriptions.Item>
            <Descriptions.Item label="办结期限">
              {dateTime(deadline.dueAt)}
              {deadline.provisional && <Tag style={{ marginInlineStart: 8 }}>暂定，待节假日安排公布</Tag>}
            </Descriptions.Item>
          </Descriptions>
          <Progress
            percent={Math.min(
              100,
              Math.round((deadline.elapsedWorkingDays / deadline.limitWorkingDays) * 100),
            )}
            status={deadline.escalatedAt ? 'exception' : deadline.paused ? 'normal' : 'active'}
            format={() => `已用 ${deadline.elapsedWorkingDays}/${deadline.limitWorkingDays} 天`}
          />
          {deadline.paused && (
            <Typography.Text type="warning">暂停计时：补正和优先购买权期间不计入办理时限。</Typography.Text>
          )}
        </Space>
      ) : (
        <Typography.Text type="secondary">申请受理后开始计算法定办理时限。</Typography.Text>
      )}
    </Card>
  );
}

const PRECHECK_STATUS = {
  pending: <Tag color="processing">预审中</Tag>,
  passed: <Tag color="green">预审通过</Tag>,
  failed: <Tag color="red">预审未通过</Tag>,
};

function PrecheckCard({ application }: { application: ApplicationView }) {
  const precheck = application.precheck;
  return (
    <Card
      title="自动预审"
      size="small"
      style={{ height: '100%' }}
      extra={precheck && PRECHECK_STATUS[precheck.status]}
      data-testid="precheck"
    >
      {!precheck ? (
        <Typography.Text type="secondary">提交申请后，平台将自动核对登记簿和申请材料。</Typography.Text>
      ) : precheck.findings.length === 0 ? (
        <Typography.Text type={precheck.status === 'pending' ? 'secondary' : 'success'}>
          {precheck.status === 'pending'
            ? '正在核对登记簿和申请材料…'
            : `未发现问题（${dateTime(precheck.checkedAt)}）`}
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={precheck.findings}
          renderItem={(finding) => (
            <List.Item>
              <Space align="start">
                {finding.severity === 'block' ? <Tag color="red">须补正</Tag> : <Tag color="gold">提示</Tag>}
                <Typography.Text>{finding.message.zh}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function MaterialsCard({
  application,
  isApplicant,
  editable,
  reload,
}: {
  application: ApplicationView;
  isApplicant: boolean;
  editable: boolean;
  reload: () => void;
}) {
  const { message } = App.useApp();
  /**
   * The unit's register facts decide which materials apply. They are read only while the applicant can still add
   * materials: only the unit's holder may read them, and after a transfer is recorded that is no longer him.
   */
  const unit = useRequest(
    () =>
      editable
        ? call<UnitView>(
            http.GET('/api/v1/units/{unitNumber}', {
              params: { path: { unitNumber: application.unitNumber } },
            }),
          )
        : Promise.resolve(undefined),
    [editable, application.unitNumber],
  );
  const partyKinds = [
    application.applicant.kind,
    ...(application.counterparty ? [application.counterparty.kind] : []),
  ];
  const checklist = useRequiredMaterials(editable ? application.kind : undefined, unit.data, partyKinds);
  const provided = application.materials.map((material) => material.type);
  const missing = (checklist.required ?? []).filter((type) => !provided.includes(type));

  async function attach(type: MaterialType, fileId: string) {
    await call(
      http.POST('/api/v1/applications/{id}/materials', {
        params: { path: { id: application.id } },
        body: { materials: [{ type, fileId }] },
      }),
    );
    message.success(`已添加：${materialLabel(type)}`);
    reload();
  }

  if (!isApplicant && provided.length === 0) {
    return (
      <Card title="申请材料" size="small">
        <Empty description="申请人尚未提交材料" />
      </Card>
    );
  }
  return (
    <Card title="申请材料" size="small">
      {editable && missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`尚缺必交材料：${missing.map(materialLabel).join('、')}。缺少材料的申请提交后将被要求补正。`}
        />
      )}
      {(unit.error !== undefined || checklist.error !== undefined) && (
        <Typography.Paragraph type="danger">{messageOf(unit.error ?? checklist.error)}</Typography.Paragraph>
      )}
      <MaterialTable
        required={checklist.required ?? []}
        provided={provided}
        upload={
          editable
            ? (type) => (
                <FileUpload
                  buttonText="上传并添加"
                  testId={`upload-${type}`}
                  onUploaded={(file) => attach(type, file.fileId)}
                />
              )
            : undefined
        }
      />
    </Card>
  );
}
