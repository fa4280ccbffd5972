import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../common/feedback';
import { dateTime } from '../common/labels';
import type { AuditVerification } from './views';

const QUEUE_NOTE =
  '后台任务（预审、分派、期限提醒、缮证、挂牌到期、成交公示、消息发送、单元导入）经队列执行。队列看板显示各队列的等待、执行、失败任务，可查看失败原因并重试。';
const AUDIT_NOTE =
  '每条审计记录都含有前一条记录的哈希值。校验从第一条记录起逐条重算，任何记录被篡改、删除或插入都会在断开处被发现。记录较多时需要一些时间。';

/** Served by the API itself (bull-board), outside this application. */
const QUEUE_DASHBOARD = '/admin/queues/';

/** 运行监控: the background queues' dashboard for administrators, and the audit chain check for auditors. */
export function MonitorPage() {
  const { hasRole } = useSession();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <QueueCard allowed={hasRole('admin')} />
      <AuditCard allowed={hasRole('auditor')} />
    </Space>
  );
}

function QueueCard({ allowed }: { allowed: boolean }) {
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // A page opened by navigation carries no Authorization header, so the dashboard reads the caller's token
  // from a short-lived HttpOnly cookie that this call sets; the tab is opened once the cookie is in place.
  const open = async () => {
    setOpening(true);
    setError(null);
    try {
      await call(http.POST('/api/v1/admin/queues/session'));
      window.open(QUEUE_DASHBOARD, '_blank', 'noopener');
    } catch (failure) {
      setError(failure);
    } finally {
      setOpening(false);
    }
  };

  return (
    <Card title="队列监控">
      <Typography.Paragraph>{QUEUE_NOTE}</Typography.Paragraph>
      <ErrorBanner error={error} />
      {allowed ? (
        <Button type="primary" loading={opening} onClick={open} data-testid="open-queue-dashboard">
          打开队列看板
        </Button>
      ) : (
        <Alert type="info" showIcon message="队列看板仅向系统管理员开放。" />
      )}
    </Card>
  );
}

function AuditCard({ allowed }: { allowed: boolean }) {
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);

  const verify = async () => {
    setChecking(true);
    setError(null);
    setResult(null);
    try {
      setResult(await call<AuditVerification>(http.GET('/api/v1/audit/verify')));
    } catch (failure) {
      setError(failure);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card title="审计链校验">
      <Typography.Paragraph>{AUDIT_NOTE}</Typography.Paragraph>
      <ErrorBanner error={error} />
      {allowed ? (
        <Button type="primary" loading={checking} onClick={verify}>
          开始校验
        </Button>
      ) : (
        <Alert type="info" showIcon message="审计链校验由审计人员执行。" />
      )}
      {result &&
        (result.valid ? (
          <Result
            status="success"
            title="审计链完整"
            subTitle={`共校验 ${result.events} 条审计记录，未发现篡改。`}
          />
        ) : (
          <Result status="error" title="审计链在以下记录处断开">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="记录编号">{result.firstBrokenAt?.id}</Descriptions.Item>
              <Descriptions.Item label="时间">{dateTime(result.firstBrokenAt?.occurredAt)}</Descriptions.Item>
              <Descriptions.Item label="操作">{result.firstBrokenAt?.action}</Descriptions.Item>
              <Descriptions.Item label="已校验">{result.events} 条</Descriptions.Item>
            </Descriptions>
          </Result>
        ))}
    </Card>
  );
}
