import { LAND_USE_CLASSES } from '@domain/register/land-use';
import type { AnnouncedRole } from './views';

/** GB/T 21010 code with its first-level class, e.g. “工矿仓储用地（0601）”. */
export function landUseName(code: string): string {
  const landClass = LAND_USE_CLASSES[code.slice(0, 2) as keyof typeof LAND_USE_CLASSES];
  return landClass ? `${landClass.zh}（${code}）` : code;
}

export const RIGHT_TYPE_LABELS = { granted: '出让', allocated: '划拨' } as const;

export const ANNOUNCED_ROLE_LABELS: Record<AnnouncedRole, string> = {
  transferor: '转让方',
  transferee: '受让方',
  lessor: '出租方',
  lessee: '承租方',
};

function decimal(value: number, digits: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

/** Square metres as the register states them, with the 亩 local buyers think in (1 亩 = 2000/3 ㎡). */
export function squareMetres(areaM2: string): string {
  const value = Number(areaM2);
  return `${decimal(value, 2)} ㎡（约 ${decimal(value / (2000 / 3), 2)} 亩）`;
}

/** `part` of `whole` as a percentage; a dash where there is no whole to divide by. */
export function share(part: number, whole: number, digits = 1): string {
  return whole === 0 ? '—' : `${decimal((part / whole) * 100, digits)}%`;
}

export function hectares(areaHa: string | number): string {
  return `${decimal(Number(areaHa), 4)} 公顷`;
}

/** Yuan in 万元 for the charts' axes, where full amounts would not fit. */
export function tenThousandYuan(amount: string | number): number {
  return Math.round(Number(amount) / 100) / 100;
}

/** Building density and green ratio, which the register keeps as percentages. */
export function percent(value: string | null): string {
  if (value === null) return '—';
  return `${decimal(Number(value), 2)}%`;
}
