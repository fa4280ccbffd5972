import { Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { LAND_USE_CLASSES, landUseClassOf } from '@domain/register/land-use';
import { call, http } from '../api/client';
import type { FeatureCollection, LeaseView, MortgageView, RestrictionView, UnitView } from '../api/views';
import { Loadable } from '../common/feedback';
import { date, districtName, yuan } from '../common/labels';
import { ParcelMap } from '../common/ParcelMap';
import { useRequest } from '../common/useRequest';
import { partyLine } from './format';

export const RIGHT_TYPE_LABELS = { granted: '出让', allocated: '划拨' } as const;

const RESTRICTION_LABELS: Record<RestrictionView['kind'], string> = {
  seizure: '查封',
  objection: '异议登记',
  idle: '闲置土地',
};

export function landUseName(code: string): string {
  const label = LAND_USE_CLASSES[landUseClassOf(code) as keyof typeof LAND_USE_CLASSES];
  return label ? `${code}（${label.zh}）` : code;
}

export function parcelFeatures(unit: { unitNumber: string; geometry: unknown | null }): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: unit.geometry
      ? [{ type: 'Feature', id: unit.unitNumber, geometry: unit.geometry, properties: {} }]
      : [],
  };
}

/**
 * 登记簿信息: the unit as the register holds it today, with its parcel on the map. The reviewer checks the
 * application against this, so it is read fresh, not from the application.
 */
export function RegisterExtract({ unitNumber, version }: { unitNumber: string; version: number }) {
  // The application's version is a dependency so that recording, which changes the register, reloads it.
  const unit = useRequest(
    () => call<UnitView>(http.GET('/api/v1/units/{unitNumber}', { params: { path: { unitNumber } } })),
    [unitNumber, version],
  );
  const features = useMemo(() => (unit.data ? parcelFeatures(unit.data) : null), [unit.data]);

  return (
    <Loadable state={unit}>
      {(data) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="register-extract">
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <ParcelMap features={features} testId="unit-map" height={260} />
            </Col>
            <Col xs={24} xl={14}>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label="坐落">{data.location}</Descriptions.Item>
                <Descriptions.Item label="行政区">{districtName(data.districtCode)}</Descriptions.Item>
                <Descriptions.Item label="用途">{landUseName(data.landUse)}</Descriptions.Item>
                <Descriptions.Item label="权利性质">
                  {RIGHT_TYPE_LABELS[data.rightType]}
                  {data.landGrade !== null && ` · ${data.landGrade} 级地`}
                </Descriptions.Item>
                <Descriptions.Item label="使用期限">
                  {data.termStart || data.termEnd
                    ? `${date(data.termStart)} 至 ${date(data.termEnd)}`
                    : '无固定期限'}
                </Descriptions.Item>
                <Descriptions.Item label="面积">{data.areaM2} ㎡</Descriptions.Item>
                <Descriptions.Item label="出让金 / 开发投资">
                  {data.grantFeePaid ? '已足额缴纳' : <Tag color="red">未足额缴纳</Tag>} · 投资比例{' '}
                  {(Number(data.investmentRatio) * 100).toFixed(0)}%
                </Descriptions.Item>
                {data.takenBackAt && (
                  <Descriptions.Item label="收回">
                    <Tag color="red">已收回（{date(data.takenBackAt)}）</Tag>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Col>
          </Row>
          <Descriptions size="small" column={1} bordered title="现势权利">
            <Descriptions.Item label="不动产权证书号">
              {data.currentRight ? (
                (data.currentRight.certificateNumber ?? '—')
              ) : (
                <Tag color="red">无现势权利</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="权利人">
              <div data-testid="register-holders">
                {data.currentRight?.holders.map((holder) => (
                  <div key={holder.party.id}>
                    {partyLine(holder.party)} · 份额 {(Number(holder.share) * 100).toFixed(2)}%
                  </div>
                )) ?? '—'}
              </div>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>抵押权</Typography.Text>
          <Table<MortgageView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.mortgages}
            locale={{ emptyText: '无抵押' }}
            columns={[
              { title: '顺位', dataIndex: 'rank', width: 60 },
              { title: '抵押权人', render: (_, mortgage) => partyLine(mortgage.mortgagee) },
              {
                title: '债权数额',
                render: (_, mortgage) => `${yuan(mortgage.amount)}${mortgage.maxAmount ? '（最高额）' : ''}`,
              },
              {
                title: '期限',
                render: (_, mortgage) => `${date(mortgage.termStart)} 至 ${date(mortgage.termEnd)}`,
              },
            ]}
          />
          <Typography.Text strong>租赁</Typography.Text>
          <Table<LeaseView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.leases}
            locale={{ emptyText: '无租赁' }}
            columns={[
              { title: '承租人', render: (_, lease) => partyLine(lease.lessee) },
              { title: '期限', render: (_, lease) => `${date(lease.termStart)} 至 ${date(lease.termEnd)}` },
              { title: '年租金', render: (_, lease) => yuan(lease.annualRent) },
            ]}
          />
          <Typography.Text strong>限制</Typography.Text>
          <Table<RestrictionView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.restrictions}
            locale={{ emptyText: '无查封、异议或闲置土地限制' }}
            columns={[
              {
                title: '类型',
                render: (_, restriction) => <Tag color="red">{RESTRICTION_LABELS[restriction.kind]}</Tag>,
              },
              { title: '文书编号', dataIndex: 'reference' },
              { title: '机关', render: (_, restriction) => restriction.authority ?? '—' },
              {
                title: '期限',
                render: (_, restriction) =>
                  `${date(restriction.startDate)} 起${restriction.endDate ? ` 至 ${date(restriction.endDate)}` : ''}`,
              },
              { title: '处置状态', render: (_, restriction) => restriction.disposalStatus ?? '—' },
            ]}
          />
        </Space>
      )}
    </Loadable>
  );
}
