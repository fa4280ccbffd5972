import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { HistoryEntry } from '../api/views';
import { actionLabel, dateTime, stateLabel } from '../common/labels';
import { stateColor } from './format';

/** Steps the workflow records that are not actions a person asks for. */
const RECORDED_STEPS: Record<string, string> = {
  assign: '分派审核人员',
  confirm: '对方当事人确认',
};

function stepName(action: string): string {
  return RECORDED_STEPS[action] ?? actionLabel(action);
}

/** 办理记录: every transition with who, when, what, the comment and, for a refusal, its legal ground. */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <Empty description="暂无办理记录" />;
  return (
    <div data-testid="history">
      <Timeline
        items={[...history].reverse().map((entry) => ({
          key: entry.version,
          color: entry.toStatus === 'rejected' ? 'red' : entry.action === 'requisition' ? 'orange' : 'blue',
          children: (
            <Space direction="vertical" size={2} data-testid="history-entry">
              <Space wrap size={4}>
                <Typography.Text strong>{stepName(entry.action)}</Typography.Text>
                {entry.fromStatus !== entry.toStatus && (
                  <>
                    <Tag>{stateLabel(entry.fromStatus)}</Tag>→
                    <Tag color={stateColor(entry.toStatus)}>{stateLabel(entry.toStatus)}</Tag>
                  </>
                )}
              </Space>
              <Typography.Text type="secondary">
                {dateTime(entry.at)} · {entry.actor.label}
              </Typography.Text>
              {entry.comment && <Typography.Text>意见：{entry.comment}</Typography.Text>}
              {entry.missingItems && entry.missingItems.length > 0 && (
                <div>
                  <Typography.Text>一次性告知补正事项：</Typography.Text>
                  <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                    {entry.missingItems.map((item, index) => (
                      <li key={index}>{item}</li>
                    ))}
                  </ol>
                </div>
              )}
              {entry.legalGround && (
                <Typography.Text type="danger">法律依据：{entry.legalGround}</Typography.Text>
              )}
            </Space>
          ),
        }))}
      />
    </div>
  );
}
