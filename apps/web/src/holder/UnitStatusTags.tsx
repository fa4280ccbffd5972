import { Space, Tag } from 'antd';
import type { UnitView } from '../api/views';
import { unitFacts } from './unit-facts';

/** The encumbrances and restrictions on a unit at a glance; a unit with none is marked as such. */
export function UnitStatusTags({ unit }: { unit: UnitView }) {
  const facts = unitFacts(unit);
  const tags = [
    facts.seized && (
      <Tag color="red" key="seized">
        查封
      </Tag>
    ),
    facts.objection && (
      <Tag color="red" key="objection">
        异议登记
      </Tag>
    ),
    facts.idleUndisposed && (
      <Tag color="volcano" key="idle">
        闲置土地（未处置）
      </Tag>
    ),
    unit.takenBackAt && (
      <Tag color="red" key="taken">
        已收回
      </Tag>
    ),
    facts.mortgaged && (
      <Tag color="gold" key="mortgaged">
        已抵押
      </Tag>
    ),
    facts.leased && (
      <Tag color="blue" key="leased">
        已出租
      </Tag>
    ),
    facts.coOwned && <Tag key="coowned">共有</Tag>,
  ].filter(Boolean);
  return (
    <Space size={[0, 4]} wrap>
      {tags.length > 0 ? tags : <Tag color="green">无抵押、无限制</Tag>}
    </Space>
  );
}
