import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { call, http } from '../api/client';
import type {
  FeatureCollection,
  HolderView,
  LeaseView,
  MortgageView,
  RestrictionView,
  UnitView,
} from '../api/views';
import { Loadable } from '../common/feedback';
import { date, yuan } from '../common/labels';
import { ParcelMap } from '../common/ParcelMap';
import { useRequest } from '../common/useRequest';
import {
  area,
  landUseName,
  PARTY_KIND_LABELS,
  partyIdentifier,
  placeOf,
  RESTRICTION_KIND_LABELS,
  RIGHT_TYPE_LABELS,
} from './labels';
import { UnitStatusTags } from './UnitStatusTags';

function percent(ratio: string | null): string {
  return ratio === null ? '—' : `${(Number(ratio) * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

function orDash(value: string | null, unit: string): string {
  return value === null ? '—' : `${value}${unit}`;
}

function featuresOf(unit: UnitView): FeatureCollection | null {
  if (!unit.geometry) return null;
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: unit.unitNumber, geometry: unit.geometry, properties: {} }],
  };
}

/** One unit as the register holds it: the right and its holders, mortgages, leases and restrictions. */
export function UnitDetail() {
  const { unitNumber = '' } = useParams();
  const unit = useRequest(
    () => call<UnitView>(http.GET('/api/v1/units/{unitNumber}', { params: { path: { unitNumber } } })),
    [unitNumber],
  );
  return <Loadable state={unit}>{(data) => <UnitRegister unit={data} />}</Loadable>;
}

function UnitRegister({ unit }: { unit: UnitView }) {
  const features = featuresOf(unit);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>不动产单元 {unit.unitNumber}</span>
            <UnitStatusTags unit={unit} />
          </Space>
        }
        extra={
          <Space>
            <Link to={`/holder/listings/new?unit=${unit.unitNumber}`}>
              <Button type="primary">挂牌</Button>
            </Link>
            <Link to={`/holder/applications/new?unit=${unit.unitNumber}`}>
              <Button>申请登记</Button>
            </Link>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={features ? 14 : 24}>
            <Descriptions column={2} size="small" bordered data-testid="unit-register">
              <Descriptions.Item label="坐落" span={2}>
                {placeOf(unit.districtCode, unit.location)}
              </Descriptions.Item>
              <Descriptions.Item label="用途">{landUseName(unit.landUse)}</Descriptions.Item>
              <Descriptions.Item label="土地级别">{unit.landGrade ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="权利类型">{RIGHT_TYPE_LABELS[unit.rightType]}</Descriptions.Item>
              <Descriptions.Item label="使用期限">
                {unit.termStart || unit.termEnd
                  ? `${date(unit.termStart)} 至 ${date(unit.termEnd)}`
                  : '无固定期限'}
              </Descriptions.Item>
              <Descriptions.Item label="面积">{area(unit.areaM2)}</Descriptions.Item>
              <Descriptions.Item label="宗地面积">{area(unit.parcelAreaM2)}</Descriptions.Item>
              <Descriptions.Item label="容积率">{unit.planning.plotRatio ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="建筑密度 / 绿地率">
                {orDash(unit.planning.buildingDensity, '%')} / {orDash(unit.planning.greenRatio, '%')}
              </Descriptions.Item>
              {unit.rightType === 'granted' && (
                <Descriptions.Item label="土地出让金">
                  {unit.grantFeePaid ? '已缴清' : '未缴清'}
                </Descriptions.Item>
              )}
              <Descriptions.Item label="开发投资完成比例">{percent(unit.investmentRatio)}</Descriptions.Item>
              <Descriptions.Item label="不动产权证书号" span={2}>
                {unit.currentRight?.certificateNumber ?? '—'}
              </Descriptions.Item>
              {unit.takenBackAt && (
                <Descriptions.Item label="收回日期" span={2}>
                  {date(unit.takenBackAt)}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
          {features && (
            <Col span={10}>
              <ParcelMap features={features} height={300} testId="unit-map" />
            </Col>
          )}
        </Row>
      </Card>

      <Card title="权利人" size="small">
        {unit.currentRight ? (
          <Table<HolderView>
            rowKey={(holder) => holder.party.id}
            dataSource={unit.currentRight.holders}
            pagination={false}
            size="small"
            columns={[
              { title: '名称', render: (_, holder) => holder.party.name },
              { title: '类型', width: 120, render: (_, holder) => PARTY_KIND_LABELS[holder.party.kind] },
              { title: '证件号码', width: 220, render: (_, holder) => partyIdentifier(holder.party) },
              { title: '共有份额', width: 120, align: 'right', render: (_, holder) => percent(holder.share) },
            ]}
          />
        ) : (
          <Typography.Text type="warning">该单元没有现势权利。</Typography.Text>
        )}
      </Card>

      <Card title="抵押" size="small">
        <Table<MortgageView>
          rowKey="id"
          dataSource={unit.mortgages}
          pagination={false}
          size="small"
          locale={{ emptyText: '无现势抵押' }}
          columns={[
            { title: '顺位', dataIndex: 'rank', width: 70 },
            { title: '抵押权人', render: (_, mortgage) => mortgage.mortgagee.name },
            {
              title: '债权数额',
              width: 200,
              align: 'right',
              render: (_, mortgage) => (
                <>
                  {yuan(mortgage.amount)} {mortgage.maxAmount && <Tag>最高额</Tag>}
                </>
              ),
            },
            {
              title: '期限',
              width: 220,
              render: (_, mortgage) => `${date(mortgage.termStart)} 至 ${date(mortgage.termEnd)}`,
            },
            { title: '登记证明号', dataIndex: 'certificateNumber', render: (value) => value ?? '—' },
          ]}
        />
      </Card>

      <Card title="租赁" size="small">
        <Table<LeaseView>
          rowKey="id"
          dataSource={unit.leases}
          pagination={false}
          size="small"
          locale={{ emptyText: '无现势租赁' }}
          columns={[
            { title: '承租人', render: (_, lease) => lease.lessee.name },
            {
              title: '期限',
              width: 220,
              render: (_, lease) => `${date(lease.termStart)} 至 ${date(lease.termEnd)}`,
            },
            { title: '年租金', dataIndex: 'annualRent', width: 160, align: 'right', render: yuan },
            {
              title: '划拨土地收益',
              width: 140,
              render: (_, lease) => (lease.allocatedLandIncome ? '上缴国家' : '—'),
            },
          ]}
        />
      </Card>

      <Card title="限制" size="small">
        <Table<RestrictionView>
          rowKey="id"
          dataSource={unit.restrictions}
          pagination={false}
          size="small"
          locale={{ emptyText: '无查封、异议或闲置土地记载' }}
          data-testid="unit-restrictions"
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              width: 100,
              render: (kind: RestrictionView['kind']) => RESTRICTION_KIND_LABELS[kind],
            },
            { title: '文书编号', dataIndex: 'reference' },
            { title: '机关', dataIndex: 'authority', render: (value) => value ?? '—' },
            {
              title: '期间',
              width: 220,
              render: (_, restriction) =>
                `${date(restriction.startDate)} 至 ${restriction.endDate ? date(restriction.endDate) : '—'}`,
            },
            {
              title: '状态',
              width: 200,
              render: (_, restriction) => (
                <Tag color="red">
                  生效中
                  {restriction.kind === 'idle' && restriction.disposalStatus === 'pending'
                    ? '（未处置）'
                    : ''}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
