import { Alert, Card, Descriptions, List, Result, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { date, REGISTRATION_KIND_LABELS } from '../common/labels';
import { DocumentButton } from './DocumentButton';
import type { IntakeResult } from './views';

/**
 * The decision at the counter as the people in front of the clerk receive it: the receipt (受理凭证) with the
 * number, due date and pickup code, or the one-time notice (一次性告知书) naming everything still missing.
 */
export function IntakeOutcome({ result, actions }: { result: IntakeResult; actions: ReactNode }) {
  const { application } = result;
  if (result.status === 'accepted' && result.receipt) {
    const { receipt } = result;
    return (
      <Card data-testid="intake-receipt">
        <Result
          status="success"
          title="已当场受理"
          subTitle="请将受理凭证交申请人留存，凭受理编号和查询码查询办理进度、领取证书。"
          style={{ paddingBlock: 16 }}
        />
        <Descriptions bordered size="small" column={2} title="受理凭证">
          <Descriptions.Item label="受理编号">
            <Typography.Text strong copyable data-testid="acceptance-number">
              {receipt.acceptanceNumber}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="查询码">
            <Typography.Text strong style={{ fontFamily: 'monospace' }} data-testid="pickup-code">
              {receipt.pickupCode}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="承诺办结日期">
            {receipt.dueOn ? (
              <Space size={4}>
                <span data-testid="due-on">{date(receipt.dueAt)}</span>
                {receipt.provisional && <Tag color="orange">暂定（次年工作日历未发布）</Tag>}
              </Space>
            ) : (
              <Tag color="orange">优先购买权决定期间暂停计时</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="申请编号">{application.applicationNumber}</Descriptions.Item>
          <Descriptions.Item label="登记类型">{REGISTRATION_KIND_LABELS[application.kind]}</Descriptions.Item>
          <Descriptions.Item label="不动产单元号">{application.unitNumber}</Descriptions.Item>
        </Descriptions>
        <Space style={{ marginTop: 16 }} wrap>
          <DocumentButton
            url={receipt.pdfUrl}
            title={`受理凭证 ${receipt.acceptanceNumber}`}
            type="primary"
            testId="open-receipt"
          >
            查看并打印受理凭证
          </DocumentButton>
          {actions}
        </Space>
      </Card>
    );
  }
  const notice = result.notice!;
  return (
    <Card data-testid="intake-notice">
      <Result
        status="warning"
        title="不予当场受理：一次性告知"
        subTitle={`告知书编号 ${notice.noticeNumber}。申请已保存为草稿（${application.applicationNumber}），补齐下列全部事项后可在本窗口继续受理。`}
        style={{ paddingBlock: 16 }}
      />
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message={`需补正事项共 ${notice.items.length} 项`}
      />
      <List
        bordered
        size="small"
        dataSource={notice.items}
        data-testid="notice-items"
        renderItem={(item, index) => (
          <List.Item>
            <Typography.Text>
              {index + 1}. {item.message.zh}
            </Typography.Text>
          </List.Item>
        )}
      />
      <Space style={{ marginTop: 16 }} wrap>
        <DocumentButton
          url={notice.pdfUrl}
          title={`一次性告知书 ${notice.noticeNumber}`}
          type="primary"
          testId="open-notice"
        >
          查看并打印一次性告知书
        </DocumentButton>
        {actions}
      </Space>
    </Card>
  );
}
