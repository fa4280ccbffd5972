import { wuhaiDate } from '@domain/calendar/wuhai-time';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  List,
  Progress,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { materialName } from '@domain/registration/precheck';
import { IN_FLIGHT_STATES } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { AcceptanceWindow, ApplicationView, DeadlineView } from '../api/views';
import { Loadable } from '../common/feedback';
import { date, dateTime, districtName, REGISTRATION_KIND_LABELS, stateLabel, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useSession } from '../auth/session';
import { ActionPanel } from './ActionPanel';
import { DocumentPreview, type PreviewTarget } from './DocumentPreview';
import { CHANNEL_LABELS, partyLine, PRECHECK_LABELS, stateColor } from './format';
import { HistoryTimeline } from './HistoryTimeline';
import { RegisterExtract } from './RegisterExtract';

/** While the background jobs work (pre-check, certificate), the page asks again at this pace. */
const FOLLOW_UP_MS = 3000;

function awaitingJob(application: ApplicationView): boolean {
  return (
    application.status === 'recorded' ||
    (application.status === 'submitted' && application.precheck?.status === 'pending')
  );
}

function DeadlineCard({ application }: { application: ApplicationView }) {
  const deadline: DeadlineView | null = application.deadline;
  if (!deadline) {
    return (
      <Card title="办理时限" size="small">
        <Typography.Text type="secondary">受理后开始计算办理时限。</Typography.Text>
      </Card>
    );
  }
  const running = IN_FLIGHT_STATES.includes(application.status);
  const overdue = running && deadline.dueAt !== null && Date.now() > Date.parse(deadline.dueAt);
  const dueToday = running && !overdue && deadline.dueAt?.slice(0, 10) === wuhaiDate();
  const percent = Math.min(100, Math.round((deadline.elapsedWorkingDays / deadline.limitWorkingDays) * 100));
  return (
    <Card title="办理时限" size="small" data-testid="deadline">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="承诺时限">{deadline.limitWorkingDays} 个工作日</Descriptions.Item>
        <Descriptions.Item label="受理日期">{date(deadline.acceptedOn)}</Descriptions.Item>
        <Descriptions.Item label="办结期限">
          <Space wrap size={4}>
            {deadline.dueAt ? dateTime(deadline.dueAt) : '—'}
            {overdue && <Tag color="red">已超期</Tag>}
            {dueToday && <Tag color="orange">今日到期</Tag>}
            {deadline.paused && <Tag color="gold">暂停计时</Tag>}
            {deadline.provisional && <Tag>工作日历未发布，期限暂定</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="已用">{deadline.elapsedWorkingDays} 个工作日</Descriptions.Item>
        {deadline.warnedAt && (
          <Descriptions.Item label="预警">{dateTime(deadline.warnedAt)}</Descriptions.Item>
        )}
        {deadline.escalatedAt && (
          <Descriptions.Item label="超期督办">{dateTime(deadline.escalatedAt)}</Descriptions.Item>
        )}
      </Descriptions>
      <Progress
        percent={percent}
        size="small"
        status={overdue ? 'exception' : deadline.paused ? 'normal' : running ? 'active' : 'success'}
        format={() => `${deadline.elapsedWorkingDays}/${deadline.limitWorkingDays}`}
      />
      {deadline.paused && (
        <Typography.Text type="secondary">
          {application.status === 'requisitioned' ? '等待申请人补正' : '等待优先购买权决定'}
          ，期间不计入办理时限。
        </Typography.Text>
      )}
    </Card>
  );
}

function CertificateCard({
  application,
  onPreview,
}: {
  application: ApplicationView;
  onPreview: (target: PreviewTarget) => void;
}) {
  const certificate = application.certificate;
  if (!certificate) return null;
  const title = application.kind === 'transfer' ? '不动产权证书' : '不动产登记证明';
  return (
    <Card title={title} size="small">
      <Space direction="vertical">
        <Typography.Text strong copyable data-testid="certificate-number">
          {certificate.number}
        </Typography.Text>
        {certificate.issuedAt ? (
          <>
            <Typography.Text type="secondary">发证时间：{dateTime(certificate.issuedAt)}</Typography.Text>
            <Space>
              <Button
                size="small"
                onClick={() =>
                  onPreview({ kind: 'document', url: certificate.pdfUrl, title: certificate.number })
                }
              >
                查看电子证书
              </Button>
              <Link to={`/verify/${encodeURIComponent(certificate.number)}`}>证书核验</Link>
            </Space>
          </>
        ) : (
          <Typography.Text type="secondary" data-testid="certificate-pending">
            已登簿，系统正在生成电子证书…
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

function PreemptionCard({ application }: { application: ApplicationView }) {
  const { preemption } = application;
  if (!preemption.required) return null;
  return (
    <Card title="优先购买权" size="small">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="决定期限">{date(preemption.dueOn)}</Descriptions.Item>
        <Descriptions.Item label="决定">
          {preemption.decision === 'exercised' ? (
            <Tag color="red">政府行使</Tag>
          ) : preemption.decision === 'waived' ? (
            <Tag color="green">政府放弃</Tag>
          ) : (
            <Tag color="orange">待决定</Tag>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Terms({ application }: { application: ApplicationView }) {
  if (application.declaredPrice) return <>申报成交价 {yuan(application.declaredPrice)}</>;
  if (application.leaseTerm) {
    const term = application.leaseTerm;
    return (
      <>
        租期 {date(term.start)} 至 {date(term.end)}，年租金 {yuan(term.annualRent)}
      </>
    );
  }
  if (application.mortgage) {
    const mortgage = application.mortgage;
    return (
      <>
        {mortgage.maxAmount ? '最高额抵押' : '债权数额'} {yuan(mortgage.amount)}，{date(mortgage.start)} 至{' '}
        {date(mortgage.end)}
        {mortgage.rank !== null && `，第 ${mortgage.rank} 顺位`}
      </>
    );
  }
  return <>—</>;
}

function Summary({ application, windows }: { application: ApplicationView; windows: AcceptanceWindow[] }) {
  const acceptance = application.acceptance;
  const acceptor = [...application.history].reverse().find((entry) => entry.action === 'accept');
  const window = windows.find((candidate) => candidate.id === acceptance?.windowId);
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
      bordered
      styles={{ label: { whiteSpace: 'nowrap' } }}
    >
      <Descriptions.Item label="登记类型">{REGISTRATION_KIND_LABELS[application.kind]}</Descriptions.Item>
      <Descriptions.Item label="申请渠道">{CHANNEL_LABELS[application.channel]}</Descriptions.Item>
      <Descriptions.Item label="不动产单元号">
        <Typography.Text copyable>{application.unitNumber}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="行政区">{districtName(application.districtCode)}</Descriptions.Item>
      <Descriptions.Item label="申请人">
        <span data-testid="applicant">{partyLine(application.applicant)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="对方当事人">
        {application.counterparty ? (
          <Space wrap size={4}>
            {partyLine(application.counterparty)}
            {application.counterpartyConfirmedAt ? (
              <Tag color="green">已确认</Tag>
            ) : (
              <Tag color="orange">未确认</Tag>
            )}
          </Space>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label="申请事项">
        <Terms application={application} />
      </Descriptions.Item>
      <Descriptions.Item label="受理">
        {acceptance ? (
          <>
            {dateTime(acceptance.acceptedAt)}
            {acceptor && ` · ${acceptor.actor.label}`}
            {acceptance.acceptanceNumber && ` · ${acceptance.acceptanceNumber}`}
            {window && ` · ${window.name}`}
          </>
        ) : (
          '未受理'
        )}
      </Descriptions.Item>
      <Descriptions.Item label="审核人员">
        {application.assignedTo?.displayName ??
          (application.status === 'accepted' || application.status === 'first_review' ? '待分派' : '—')}
      </Descriptions.Item>
    </Descriptions>
  );
}

function Materials({
  application,
  onPreview,
}: {
  application: ApplicationView;
  onPreview: (target: PreviewTarget) => void;
}) {
  return (
    <Table
      size="small"
      rowKey="fileId"
      dataSource={application.materials}
      pagination={false}
      locale={{ emptyText: '未提交材料' }}
      columns={[
        { title: '序号', width: 60, render: (_, __, index) => index + 1 },
        { title: '材料', render: (_, material) => materialName(material.type).zh },
        {
          title: '',
          width: 100,
          render: (_, material) => (
            <Button
              size="small"
              onClick={() =>
                onPreview({ kind: 'file', fileId: material.fileId, title: materialName(material.type).zh })
              }
            >
              预览
            </Button>
          ),
        },
      ]}
    />
  );
}

function Precheck({ application }: { application: ApplicationView }) {
  const precheck = application.precheck;
  if (!precheck) return <Typography.Text type="secondary">申请尚未提交，没有预审结果。</Typography.Text>;
  const label = PRECHECK_LABELS[precheck.status];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="precheck">
      <Space>
        <Tag color={label.color}>{label.text}</Tag>
        {precheck.checkedAt && (
          <Typography.Text type="secondary">{dateTime(precheck.checkedAt)}</Typography.Text>
        )}
      </Space>
      <List
        size="small"
        bordered
        dataSource={precheck.findings}
        locale={{ emptyText: '未发现问题' }}
        renderItem={(finding) => (
          <List.Item>
            <Space align="start">
              <Tag color={finding.severity === 'block' ? 'red' : 'orange'}>
                {finding.severity === 'block' ? '阻断' : '提示'}
              </Tag>
              {finding.message.zh}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

/** 申请详情: everything a reviewer or registrar weighs, and the steps they may take. */
export function ApplicationDetail() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
  const application = useRequest(
    () => call<ApplicationView>(http.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
    [id],
  );
  const windows = useRequest(
    () =>
      call<AcceptanceWindow[]>(
        http.GET('/api/v1/windows', { params: { query: { includeInactive: 'true' } } }),
      ),
    [],
  );
  const { data, loading, reload } = application;

  useEffect(() => {
    if (!data || loading || !awaitingJob(data)) return;
    const timer = setTimeout(reload, FOLLOW_UP_MS);
    return () => clearTimeout(timer);
  }, [data, loading, reload]);

  return (
    <Loadable state={application}>
      {(view) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>登记申请 {view.applicationNumber}</span>
                <Tag color={stateColor(view.status)} data-testid="application-status">
                  {stateLabel(view.status)}
                </Tag>
              </Space>
            }
            extra={
              <Space>
                <Button size="small" onClick={reload} loading={loading}>
                  刷新
                </Button>
                <Link to="/review/queue">返回待办</Link>
              </Space>
            }
          >
            <Summary application={view} windows={windows.data ?? []} />
          </Card>
          {view.status === 'requisitioned' && (
            <Alert type="warning" showIcon message="已一次性告知补正，等待申请人补正后重新提交。" />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <Card size="small">
                <Tabs
                  items={[
                    {
                      key: 'register',
                      label: '登记簿信息',
                      children: <RegisterExtract unitNumber={view.unitNumber} version={view.version} />,
                    },
                    {
                      key: 'materials',
                      label: `申请材料（${view.materials.length}）`,
                      children: <Materials application={view} onPreview={setPreview} />,
                    },
                    {
                      key: 'precheck',
                      label: `预审结果（${view.precheck?.findings.length ?? 0}）`,
                      children: <Precheck application={view} />,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={9}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                {user && <ActionPanel application={view} user={user} onChanged={reload} />}
                <CertificateCard application={view} onPreview={setPreview} />
                <DeadlineCard application={view} />
                <PreemptionCard application={view} />
                <Card title="办理记录" size="small">
                  <HistoryTimeline history={view.history} />
                </Card>
              </Space>
            </Col>
          </Row>
          <DocumentPreview target={preview} onClose={() => setPreview(null)} />
        </Space>
      )}
    </Loadable>
  );
}
