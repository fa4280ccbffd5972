import { App, Badge, Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import type { CountedPage } from '../api/views';
import { Loadable, messageOf } from '../common/feedback';
import { dateTime } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { PAGE_SIZE } from './paging';
import type { InboxItem } from './views';

/** 消息: the holder's notifications, newest first; an unread one is marked until it is read. */
export function InboxPage() {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [marking, setMarking] = useState<string | null>(null);
  const inbox = useRequest(
    () =>
      call<CountedPage<InboxItem>>(
        http.GET('/api/v1/notifications', { params: { query: { page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );

  async function markRead(item: InboxItem) {
    setMarking(item.id);
    try {
      await call(http.POST('/api/v1/notifications/{id}/read', { params: { path: { id: item.id } } }));
      inbox.reload();
    } catch (failure) {
      message.error(messageOf(failure));
    } finally {
      setMarking(null);
    }
  }

  return (
    <Card title="消息">
      <Loadable state={inbox}>
        {(data) => (
          <List<InboxItem>
            dataSource={data.items}
            loading={inbox.loading}
            data-testid="inbox"
            locale={{ emptyText: '暂无消息' }}
            pagination={
              data.total > PAGE_SIZE
                ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage }
                : undefined
            }
            renderItem={(item) => {
              const applicationId =
                typeof item.data.applicationId === 'string' ? item.data.applicationId : null;
              return (
                <List.Item
                  actions={[
                    applicationId && (
                      <Link key="open" to={`/holder/applications/${applicationId}`}>
                        查看申请
                      </Link>
                    ),
                    !item.readAt && (
                      <Button
                        key="read"
                        size="small"
                        loading={marking === item.id}
                        onClick={() => markRead(item)}
                      >
                        标为已读
                      </Button>
                    ),
                  ].filter(Boolean)}
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {!item.readAt && <Badge status="processing" />}
                        <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                      </Space>
                    }
                    description={
                      <>
                        <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                          {item.body}
                        </Typography.Paragraph>
                        <Typography.Text type="secondary">
                          {dateTime(item.createdAt)}
                          {item.readAt && ` · 已读于 ${dateTime(item.readAt)}`}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </Loadable>
    </Card>
  );
}
