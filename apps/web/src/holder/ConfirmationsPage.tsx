import { Button, Card, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { isJointKind } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { ApplicationSummary, ApplicationView, CountedPage } from '../api/views';
import { useSession } from '../auth/session';
import { Loadable } from '../common/feedback';
import { dateTime, REGISTRATION_KIND_LABELS, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { partyIdentifier } from './labels';
import { PAGE_SIZE } from './paging';

/**
 * A joint application can be confirmed only while it is a draft. The list names neither the counter-party nor
 * the confirmation, so each of the holder's drafts is read in full to find those that wait for this holder.
 */
async function awaitingMe(partyId: string): Promise<ApplicationView[]> {
  const drafts = await call<CountedPage<ApplicationSummary>>(
    http.GET('/api/v1/applications', {
      params: { query: { mine: 'true', status: 'draft', page: 1, pageSize: 100 } },
    }),
  );
  const views = await Promise.all(
    drafts.items
      .filter((draft) => isJointKind(draft.kind))
      .map((draft) =>
        call<ApplicationView>(http.GET('/api/v1/applications/{id}', { params: { path: { id: draft.id } } })),
      ),
  );
  return views.filter((view) => view.counterparty?.id === partyId && !view.counterpartyConfirmedAt);
}

/** 待我确认: joint applications in which another holder names this holder as the other party. */
export function ConfirmationsPage() {
  const { user } = useSession();
  const partyId = user?.party?.id;
  const pending = useRequest(() => (partyId ? awaitingMe(partyId) : Promise.resolve([])), [partyId]);
  return (
    <Card title="待我确认">
      <Typography.Paragraph type="secondary">
        转移登记和抵押登记须双方共同申请。以下申请的申请人将您列为对方当事人，请逐件核对内容后确认；内容有误的，请联系申请人修改，不要确认。
      </Typography.Paragraph>
      <Loadable state={pending}>
        {(data) => (
          <Table<ApplicationView>
            rowKey="id"
            dataSource={data}
            loading={pending.loading}
            size="middle"
            scroll={{ x: 1150 }}
            data-testid="awaiting-me"
            locale={{ emptyText: '没有等待您确认的申请' }}
            pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true }}
            columns={[
              { title: '申请编号', dataIndex: 'applicationNumber', width: 180 },
              {
                title: '登记类型',
                width: 110,
                render: (_, application) => REGISTRATION_KIND_LABELS[application.kind],
              },
              { title: '不动产单元号', dataIndex: 'unitNumber', width: 240 },
              {
                title: '申请人',
                width: 180,
                render: (_, application) => (
                  <>
                    {application.applicant.name}
                    <br />
                    <Typography.Text type="secondary">
                      {partyIdentifier(application.applicant)}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: '申报价格 / 债权数额',
                width: 170,
                align: 'right',
                render: (_, application) => yuan(application.declaredPrice ?? application.mortgage?.amount),
              },
              { title: '创建时间', dataIndex: 'createdAt', width: 170, render: dateTime },
              {
                title: '操作',
                width: 110,
                fixed: 'right',
                render: (_, application) => (
                  <Link to={`/holder/applications/${application.id}`}>
                    <Button type="primary" size="small">
                      核对并确认
                    </Button>
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
