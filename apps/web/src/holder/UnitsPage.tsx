import { Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import type { CountedPage, UnitView } from '../api/views';
import { Loadable } from '../common/feedback';
import { date } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { area, landUseName, placeOf, RIGHT_TYPE_LABELS } from './labels';
import { PAGE_SIZE } from './paging';
import { UnitStatusTags } from './UnitStatusTags';

/** 我的不动产单元: the units on which the holder holds the current right. */
export function UnitsPage() {
  const [page, setPage] = useState(1);
  const units = useRequest(
    () =>
      call<CountedPage<UnitView>>(
        http.GET('/api/v1/units', { params: { query: { mine: 'true', page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  return (
    <Card title="我的不动产单元">
      <Typography.Paragraph type="secondary">
        以下为登记簿中记载您为现势权利人的不动产单元。点击单元号查看登记信息、抵押、租赁和限制情况。
      </Typography.Paragraph>
      <Loadable state={units}>
        {(data) => (
          <Table<UnitView>
            rowKey="unitNumber"
            dataSource={data.items}
            loading={units.loading}
            size="middle"
            scroll={{ x: 980 }}
            locale={{ emptyText: '登记簿中没有您名下的不动产单元' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              onChange: setPage,
              showTotal: (total) => `共 ${total} 个单元`,
            }}
            columns={[
              {
                title: '不动产单元号',
                dataIndex: 'unitNumber',
                width: 250,
                render: (unitNumber: string) => <Link to={`/holder/units/${unitNumber}`}>{unitNumber}</Link>,
              },
              {
                title: '坐落',
                dataIndex: 'location',
                render: (location: string, unit) => placeOf(unit.districtCode, location),
              },
              { title: '用途', dataIndex: 'landUse', width: 150, render: landUseName },
              { title: '面积', dataIndex: 'areaM2', width: 120, align: 'right', render: area },
              {
                title: '权利类型',
                dataIndex: 'rightType',
                width: 90,
                render: (type: UnitView['rightType']) => RIGHT_TYPE_LABELS[type],
              },
              { title: '终止日期', dataIndex: 'termEnd', width: 110, render: date },
              {
                title: '权利状况',
                key: 'status',
                width: 200,
                render: (_, unit) => <UnitStatusTags unit={unit} />,
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
