import { Button, Card, Descriptions, Form, Grid, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import type { CountedPage } from '../api/views';
import { ErrorBanner } from '../common/feedback';
import { FilterSelect } from '../common/FilterSelect';
import { date, DISTRICT_OPTIONS, districtName, LISTING_KIND_LABELS, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { filterGrid } from './filterGrid';
import { ANNOUNCED_ROLE_LABELS, landUseName } from './format';
import type { AnnouncedParty, AnnouncementView } from './views';

interface AnnouncementFilter {
  districtCode?: string;
  kind?: 'transfer' | 'lease';
}

const KIND_OPTIONS = Object.entries(LISTING_KIND_LABELS).map(([value, label]) => ({ value, label }));
const PAGE_SIZE = 20;

/** Short cells (dates, districts, amounts) read badly broken over two lines; the location wraps instead. */
const NO_WRAP = {
  onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
  onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
};

function Parties({ parties }: { parties: AnnouncedParty[] }) {
  return (
    <Space direction="vertical" size={0}>
      {parties.map((party) => (
        <span key={`${party.role}-${party.identifier}`}>
          <Typography.Text type="secondary">{ANNOUNCED_ROLE_LABELS[party.role]}：</Typography.Text>
          {party.name}
          <Typography.Text type="secondary">（{party.identifier}）</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/** What a phone's narrow table leaves out, one tap away. */
function PhoneDetails({ announcement }: { announcement: AnnouncementView }) {
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'district', label: '行政区', children: districtName(announcement.districtCode) },
        { key: 'unit', label: '不动产单元号', children: announcement.unitNumber },
        { key: 'landUse', label: '用途', children: landUseName(announcement.landUse) },
        { key: 'area', label: '面积（㎡）', children: Number(announcement.areaM2).toLocaleString('zh-CN') },
        { key: 'parties', label: '当事人', children: <Parties parties={announcement.parties} /> },
        { key: 'until', label: '公示截止', children: date(announcement.visibleUntil) },
      ]}
    />
  );
}

/** 成交公示 (`/announcements`): recorded transfers and leases during their public period, newest first. */
export default function Announcements() {
  const [form] = Form.useForm<AnnouncementFilter>();
  const [filter, setFilter] = useState<AnnouncementFilter>({});
  const [page, setPage] = useState(1);
  const screens = Grid.useBreakpoint();
  const wide = screens.md;
  const announcements = useRequest(
    () =>
      call<CountedPage<AnnouncementView>>(
        http.GET('/api/v1/announcements', {
          params: { query: { ...filter, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [filter, page],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="成交公示">
        <Typography.Paragraph type="secondary">
          经本平台登簿的土地使用权转让、出租，自登簿之日起在公示期内向社会公开。自然人当事人的姓名和身份证号已作脱敏处理。
        </Typography.Paragraph>
        <Form
          form={form}
          layout={wide ? 'inline' : 'vertical'}
          onFinish={(values: AnnouncementFilter) => {
            setPage(1);
            setFilter(values);
          }}
        >
          {filterGrid(wide, [
            [
              12,
              <FilterSelect
                name="districtCode"
                label="行政区"
                options={DISTRICT_OPTIONS}
                width={wide ? 140 : '100%'}
              />,
            ],
            [
              12,
              <FilterSelect name="kind" label="类型" options={KIND_OPTIONS} width={wide ? 120 : '100%'} />,
            ],
            [
              24,
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={announcements.loading} block={!wide}>
                  查询
                </Button>
              </Form.Item>,
            ],
          ])}
        </Form>
      </Card>
      <ErrorBanner error={announcements.error} />
      <Table<AnnouncementView>
        rowKey="id"
        data-testid="announcements"
        loading={announcements.loading}
        dataSource={announcements.data?.items ?? []}
        locale={{ emptyText: '公示期内暂无成交信息' }}
        scroll={{ x: true }}
        expandable={
          screens.sm
            ? undefined
            : { expandedRowRender: (announcement) => <PhoneDetails announcement={announcement} /> }
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: announcements.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条`,
          onChange: setPage,
        }}
        columns={[
          { title: '成交日期', dataIndex: 'dealDate', render: date, responsive: ['sm'], ...NO_WRAP },
          {
            title: '类型',
            dataIndex: 'kind',
            responsive: ['sm'],
            ...NO_WRAP,
            render: (kind: AnnouncementView['kind']) => (
              <Tag color={kind === 'transfer' ? 'blue' : 'green'}>{LISTING_KIND_LABELS[kind]}</Tag>
            ),
          },
          {
            title: '行政区',
            dataIndex: 'districtCode',
            render: districtName,
            responsive: ['md'],
            ...NO_WRAP,
          },
          {
            title: '坐落',
            dataIndex: 'location',
            render: (location: string, announcement) =>
              screens.sm ? (
                location
              ) : (
                <>
                  {location}
                  <br />
                  <Typography.Text type="secondary">
                    {LISTING_KIND_LABELS[announcement.kind]} · {date(announcement.dealDate)}
                  </Typography.Text>
                </>
              ),
          },
          { title: '不动产单元号', dataIndex: 'unitNumber', responsive: ['xl'], ...NO_WRAP },
          { title: '用途', dataIndex: 'landUse', render: landUseName, responsive: ['lg'] },
          {
            title: '面积（㎡）',
            dataIndex: 'areaM2',
            align: 'right',
            responsive: ['md'],
            ...NO_WRAP,
            render: (area: string) => Number(area).toLocaleString('zh-CN'),
          },
          {
            title: '成交价 / 年租金',
            dataIndex: 'price',
            align: 'right',
            ...NO_WRAP,
            render: (price: string) => yuan(price),
          },
          {
            title: '当事人',
            dataIndex: 'parties',
            responsive: ['sm'],
            render: (parties: AnnouncedParty[]) => <Parties parties={parties} />,
          },
          { title: '公示截止', dataIndex: 'visibleUntil', render: date, responsive: ['lg'], ...NO_WRAP },
        ]}
      />
    </Space>
  );
}
