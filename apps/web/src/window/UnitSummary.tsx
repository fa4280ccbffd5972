import { LAND_USE_CLASSES } from '@domain/register/land-use';
import type { RegistrationKind } from '@domain/registration/registration-model';
import { Descriptions, Space, Tag } from 'antd';
import { call, http } from '../api/client';
import type { ChecklistRow, UnitView } from '../api/views';
import { date, districtName, yuan } from '../common/labels';
import { useRequest } from '../common/useRequest';

const RESTRICTION_LABELS = { seizure: '查封', objection: '异议', idle: '闲置土地' } as const;

export function useUnit(unitNumber: string | null) {
  return useRequest(
    () =>
      unitNumber
        ? call<UnitView>(http.GET('/api/v1/units/{unitNumber}', { params: { path: { unitNumber } } }))
        : Promise.resolve(null),
    [unitNumber],
  );
}

export function useChecklist(kind: RegistrationKind | undefined) {
  return useRequest(
    () =>
      kind
        ? call<ChecklistRow[]>(http.GET('/api/v1/material-checklists', { params: { query: { kind } } }))
        : Promise.resolve([]),
    [kind],
  );
}

function landUseName(code: string): string {
  const name = LAND_USE_CLASSES[code.slice(0, 2) as keyof typeof LAND_USE_CLASSES]?.zh;
  return name ? `${name}（${code}）` : code;
}

/** What the register says about the unit, so the clerk sees restrictions and encumbrances before deciding. */
export function UnitSummary({ unit }: { unit: UnitView }) {
  const { restrictions } = unit;
  return (
    <Descriptions size="small" bordered column={3} data-testid="unit-summary">
      <Descriptions.Item label="坐落" span={2}>
        {districtName(unit.districtCode)} {unit.location}
      </Descriptions.Item>
      <Descriptions.Item label="用途">{landUseName(unit.landUse)}</Descriptions.Item>
      <Descriptions.Item label="权利类型">{unit.rightType === 'granted' ? '出让' : '划拨'}</Descriptions.Item>
      <Descriptions.Item label="面积">{Number(unit.areaM2).toLocaleString('zh-CN')} m²</Descriptions.Item>
      <Descriptions.Item label="使用期限">
        {unit.termEnd ? `${date(unit.termStart)} 至 ${date(unit.termEnd)}` : '无固定期限'}
      </Descriptions.Item>
      <Descriptions.Item label="权利人" span={2}>
        {unit.currentRight ? (
          <Space size={4} wrap>
            {unit.currentRight.holders.map((holder) => (
              <Tag key={holder.party.id}>
                {holder.party.name} {holder.party.idNumberMasked ?? holder.party.uscc}
                {unit.currentRight!.holders.length > 1 && ` · ${(Number(holder.share) * 100).toFixed(2)}%`}
              </Tag>
            ))}
          </Space>
        ) : (
          <Tag color="red">无现势权利</Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="不动产权证书号">
        {unit.currentRight?.certificateNumber ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label="抵押" span={3}>
        {unit.mortgages.length === 0
          ? '无'
          : unit.mortgages.map((mortgage) => (
              <Tag key={mortgage.id}>
                第{mortgage.rank}顺位 {mortgage.mortgagee.name} {yuan(mortgage.amount)}
              </Tag>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label="出租" span={unit.leases.length === 0 ? 1 : 3}>
        {unit.leases.length === 0
          ? '无'
          : unit.leases.map((lease) => (
              <Tag key={lease.id}>
                {lease.lessee.name} {date(lease.termStart)} 至 {date(lease.termEnd)}
              </Tag>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label="限制" span={unit.leases.length === 0 ? 2 : 3}>
        {restrictions.length === 0
          ? '无'
          : restrictions.map((restriction) => (
              <Tag key={restriction.id} color="red">
                {RESTRICTION_LABELS[restriction.kind]} {restriction.reference}
              </Tag>
            ))}
      </Descriptions.Item>
    </Descriptions>
  );
}
