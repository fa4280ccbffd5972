import { Table, Tag, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import {
  MATERIAL_TYPES,
  requiredMaterials,
  type MaterialType,
} from '@domain/registration/material-checklist';
import type { RegistrationKind } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { ChecklistRow, UnitView } from '../api/views';
import { useRequest } from '../common/useRequest';
import { materialLabel } from './labels';
import { unitFacts } from './unit-facts';

/**
 * The materials the registration centre's checklist (`GET /material-checklists`) asks of this application,
 * worked out by the domain's own rule from the unit's register facts and the parties' kinds. Whether the
 * mortgagee's consent is required is a staff setting the holder cannot read; its default, yes, is assumed, and
 * the pre-check applies the setting itself.
 */
export function useRequiredMaterials(
  kind: RegistrationKind | undefined,
  unit: UnitView | undefined,
  partyKinds: ('person' | 'organization')[],
) {
  const checklist = useRequest(
    () =>
      kind
        ? call<ChecklistRow[]>(http.GET('/api/v1/material-checklists', { params: { query: { kind } } }))
        : Promise.resolve([]),
    [kind],
  );
  if (!kind || !unit || !checklist.data) return { required: undefined, error: checklist.error };
  const facts = unitFacts(unit);
  const required = requiredMaterials(checklist.data, {
    kind,
    partyKinds,
    rightType: unit.rightType,
    agentPresent: false,
    coOwned: facts.coOwned,
    mortgaged: facts.mortgaged,
    mortgageeConsentRequired: true,
    leased: facts.leased,
    idleLandDisposed: facts.idleDisposed,
  });
  return { required, error: checklist.error };
}

interface MaterialRow {
  type: MaterialType;
  required: boolean;
  count: number;
}

/**
 * One row per material: what the checklist requires first, then anything else already provided, then "other";
 * each says how many files are in and offers an upload.
 */
export function MaterialTable({
  required,
  provided,
  upload,
}: {
  required: MaterialType[];
  provided: MaterialType[];
  upload?: (type: MaterialType) => ReactNode;
}) {
  const counts = new Map<MaterialType, number>();
  for (const type of provided) counts.set(type, (counts.get(type) ?? 0) + 1);
  const extra = MATERIAL_TYPES.filter(
    (type) => !required.includes(type) && (counts.has(type) || (upload && type === 'other')),
  );
  const rows: MaterialRow[] = [...required, ...extra].map((type) => ({
    type,
    required: required.includes(type),
    count: counts.get(type) ?? 0,
  }));
  return (
    <Table<MaterialRow>
      rowKey="type"
      dataSource={rows}
      pagination={false}
      size="small"
      data-testid="materials"
      onRow={(row) => ({ 'data-testid': `material-${row.type}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: '材料',
          render: (_, row) => (
            <>
              {materialLabel(row.type)} {row.required && <Tag color="blue">必交</Tag>}
            </>
          ),
        },
        {
          title: '已提交',
          width: 120,
          render: (_, row) =>
            row.count > 0 ? (
              <Typography.Text type="success">{row.count} 份</Typography.Text>
            ) : row.required ? (
              <Typography.Text type="danger">未提交</Typography.Text>
            ) : (
              '—'
            ),
        },
        ...(upload
          ? [{ title: '上传', width: 320, render: (_: unknown, row: MaterialRow) => upload(row.type) }]
          : []),
      ]}
    />
  );
}
