import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, Bilingual } from '@app/common';
import { DISTRICT_CODES, DistrictCode, REGISTRATION_KINDS, RegistrationKind, wuhaiDate } from '@app/domain';

export type StatisticsGroupBy = 'district' | 'kind' | 'month';
export const STATISTICS_GROUP_BY: readonly StatisticsGroupBy[] = ['district', 'kind', 'month'];

export interface TransactionStatisticsQuery {
  /** Inclusive Wuhai dates (YYYY-MM-DD) of recording; see `statisticsRange` for the defaults. */
  from?: string;
  to?: string;
  groupBy: StatisticsGroupBy;
}

export interface TransactionFigures {
  count: number;
  /** Hectares, 4 decimals. */
  areaHa: string;
  /** Yuan, 2 decimals. */
  value: string;
}

export interface TransactionGroup extends TransactionFigures {
  key: string;
  label: string;
}

export type BenchmarkBucketKey = '<0.8' | '0.8–1.0' | '1.0–1.2' | '≥1.2' | 'noBenchmark';

export interface BenchmarkBucket {
  key: BenchmarkBucketKey;
  label: string;
  count: number;
}

export interface RevitalisationComparison {
  period: string;
  label: string;
  from: string;
  to: string;
  idleLand: { targetHa: string; actualHa: string };
  approvedButUnsupplied: { targetHa: string; actualHa: null; note: Bilingual };
}

export interface TransactionStatistics {
  from: string;
  to: string;
  groupBy: StatisticsGroupBy;
  totals: TransactionFigures;
  groups: TransactionGroup[];
  priceVersusBenchmark: { transfers: number; buckets: BenchmarkBucket[] };
  idleLandRevitalised: {
    basis: Bilingual;
    byYear: { year: number; count: number; areaHa: string }[];
    targets: RevitalisationComparison[];
  };
}

/**
 * The land-revitalisation targets of 乌海政发〔2023〕5号 (the seed document), measure (二)2 盘活存量用地: “力争
 * ‘十四五’期间处置盘活批而未供土地 513.33 公顷，闲置土地 80 公顷，其中，2023 年消化批而未供土地 133.33 公顷，处置闲置土地
 * 13.33 公顷”.
 */
export const REVITALISATION_TARGETS = [
  {
    period: '2023',
    label: '2023 年度',
    from: '2023-01-01',
    to: '2023-12-31',
    idleLandHa: '13.33',
    approvedButUnsuppliedHa: '133.33',
  },
  {
    period: '2021–2025',
    label: '“十四五”期间',
    from: '2021-01-01',
    to: '2025-12-31',
    idleLandHa: '80.00',
    approvedButUnsuppliedHa: '513.33',
  },
] as const;

const NOT_TRACKED: Bilingual = {
  zh: '登记簿不记载批而未供土地，平台无法统计其消化情况',
  en: 'The register does not track approved-but-unsupplied land, so its disposal cannot be counted here',
};

const IDLE_BASIS: Bilingual = {
  zh: '曾被认定为闲置土地、认定后经本平台登簿转让或出租的宗地面积；每次认定只计首次交易',
  en: 'Area of units designated idle and afterwards transferred or leased with recording on this platform; each designation counts once, at its first such trade',
};

export const REGISTRATION_KIND_LABELS: Readonly<Record<RegistrationKind, string>> = {
  transfer: '转移登记',
  lease: '租赁登记',
  mortgage: '抵押权首次登记',
  mortgage_release: '抵押权注销登记',
};

export const BENCHMARK_BUCKETS: readonly { key: BenchmarkBucketKey; label: string }[] = [
  { key: '<0.8', label: '低于基准地价的 80%' },
  { key: '0.8–1.0', label: '基准地价的 80%–100%' },
  { key: '1.0–1.2', label: '基准地价的 100%–120%' },
  { key: '≥1.2', label: '基准地价的 120% 及以上' },
  { key: 'noBenchmark', label: '无适用基准地价' },
];

const RECORDED = `a.status IN ('recorded', 'certified')`;
const RECORDED_ON = `(a.recorded_at AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Recorded applications of the range; the bounds stay on `recorded_at` itself so an index on it can serve them.
 * Value is the trade value of transfers and leases only, which deal announcements make public anyway; a secured
 * amount is private to the parties, and one mortgage on a quiet day would otherwise show in a public cell.
 */
const DEALS = `
  SELECT a.kind, u.district_code, u.land_use, u.land_grade, u.area_m2, ${RECORDED_ON} AS recorded_on,
         CASE a.kind WHEN 'transfer' THEN a.declared_price WHEN 'lease' THEN a.annual_rent ELSE 0 END AS value
    FROM registration_application a JOIN real_estate_unit u ON u.id = a.unit_id
   WHERE ${RECORDED}
     AND a.recorded_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND a.recorded_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

const GROUP_EXPRESSIONS: Readonly<Record<StatisticsGroupBy, string>> = {
  district: 'd.district_code',
  kind: 'd.kind',
  month: `to_char(d.recorded_on, 'YYYY-MM')`,
};

const FIGURES = `count(d.kind)::int AS count, round(coalesce(sum(d.area_m2), 0) / 10000, 4)::text AS "areaHa",
  round(coalesce(sum(d.value), 0), 2)::text AS value`;

/**
 * Each idle designation with the first transfer or lease recorded on its unit from the day it began. Two trades
 * after one designation count once; a unit designated idle again and traded again counts again.
 */
const REVITALISED = `
  SELECT DISTINCT t.id, t.area_m2, t.recorded_on
    FROM restriction r
    CROSS JOIN LATERAL (
      SELECT a.id, u.area_m2, ${RECORDED_ON} AS recorded_on
        FROM registration_application a JOIN real_estate_unit u ON u.id = a.unit_id
       WHERE a.unit_id = r.unit_id AND a.kind IN ('transfer', 'lease') AND ${RECORDED}
         AND a.recorded_at >= (r.start_date::timestamp AT TIME ZONE 'Asia/Shanghai')
       ORDER BY a.recorded_at, a.id
       LIMIT 1) t
   WHERE r.kind = 'idle'`;

/** Without dates: the current calendar year. With one: the calendar year it falls in, from or to that date. */
export function statisticsRange(
  query: Pick<TransactionStatisticsQuery, 'from' | 'to'>,
  today: string,
): { from: string; to: string } {
  return {
    from: query.from ?? `${(query.to ?? today).slice(0, 4)}-01-01`,
    to: query.to ?? `${(query.from ?? today).slice(0, 4)}-12-31`,
  };
}

/** Every month from the one `from` falls in to the one `to` falls in, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function groupKeys(groupBy: StatisticsGroupBy, from: string, to: string): { key: string; label: string }[] {
  switch (groupBy) {
    case 'district':
      return (Object.keys(DISTRICT_CODES) as DistrictCode[]).map((key) => ({
        key,
        label: DISTRICT_CODES[key].zh,
      }));
    case 'kind':
      return REGISTRATION_KINDS.map((key) => ({ key, label: REGISTRATION_KIND_LABELS[key] }));
    case 'month':
      return monthsBetween(from, to).map((key) => ({ key, label: key }));
  }
}

/**
 * 交易统计: volume, area and value of recorded registrations, the declared price against the benchmark, and idle
 * land brought back into use. Public, so it answers with aggregates only: no party, unit number or
 * application appears in it.
 */
@Injectable()
export class StatisticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async transactions(query: TransactionStatisticsQuery): Promise<TransactionStatistics> {
    const { from, to } = statisticsRange(query, wuhaiDate());
    if (from > to) {
      throw ApiError.invalidField('from', 'notAfterTo', {
        zh: `统计起始日期 ${from} 不能晚于终止日期 ${to}`,
        en: `from (${from}) cannot be later than to (${to})`,
      });
    }
    const keys = groupKeys(query.groupBy, from, to);
    // One snapshot for every figure, so the groups, the totals and the buckets describe the same trades.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const groups: (TransactionFigures & { key: string })[] = await manager.query(
        `WITH d AS (${DEALS})
         SELECT k.key, ${FIGURES}
           FROM unnest($3::text[]) WITH ORDINALITY AS k (key, ord)
           LEFT JOIN d ON ${GROUP_EXPRESSIONS[query.groupBy]} = k.key
          GROUP BY k.key, k.ord ORDER BY k.ord`,
        [from, to, keys.map((group) => group.key)],
      );
      const [totals]: TransactionFigures[] = await manager.query(
        `WITH d AS (${DEALS}) SELECT ${FIGURES} FROM d`,
        [from, to],
      );
      return {
        from,
        to,
        groupBy: query.groupBy,
        totals,
        groups: groups.map((group, index) => ({
          key: group.key,
          label: keys[index].label,
          count: group.count,
          areaHa: group.areaHa,
          value: group.value,
        })),
        priceVersusBenchmark: await this.priceVersusBenchmark(manager, from, to),
        idleLandRevitalised: await this.idleLandRevitalised(manager, from, to),
      };
    });
  }

  /** A benchmark applies when valid on the recording date for the unit's district, land-use class and grade. */
  private async priceVersusBenchmark(
    manager: EntityManager,
    from: string,
    to: string,
  ): Promise<TransactionStatistics['priceVersusBenchmark']> {
    const rows: { key: BenchmarkBucketKey; count: number }[] = await manager.query(
      `WITH d AS (${DEALS})
       SELECT CASE WHEN b.price_per_m2 IS NULL THEN 'noBenchmark'
                   WHEN d.value < 0.8 * b.price_per_m2 * d.area_m2 THEN '<0.8'
                   WHEN d.value < 1.0 * b.price_per_m2 * d.area_m2 THEN '0.8–1.0'
                   WHEN d.value < 1.2 * b.price_per_m2 * d.area_m2 THEN '1.0–1.2'
                   ELSE '≥1.2' END AS key,
              count(*)::int AS count
         FROM d
         LEFT JOIN benchmark_price b
           ON b.district_code = d.district_code AND b.land_use_class = left(d.land_use, 2)
          AND b.grade = d.land_grade AND d.recorded_on BETWEEN b.valid_from AND b.valid_to
        WHERE d.kind = 'transfer'
        GROUP BY 1`,
      [from, to],
    );
    const counts = new Map(rows.map((row) => [row.key, row.count]));
    return {
      transfers: rows.reduce((sum, row) => sum + row.count, 0),
      buckets: BENCHMARK_BUCKETS.map((bucket) => ({ ...bucket, count: counts.get(bucket.key) ?? 0 })),
    };
  }

  private async idleLandRevitalised(
    manager: EntityManager,
    from: string,
    to: string,
  ): Promise<TransactionStatistics['idleLandRevitalised']> {
    const byYear: { year: number; count: number; areaHa: string }[] = await manager.query(
      `WITH t AS (${REVITALISED})
       SELECT extract(year FROM t.recorded_on)::int AS year, count(*)::int AS count,
              round(sum(t.area_m2) / 10000, 4)::text AS "areaHa"
         FROM t WHERE t.recorded_on BETWEEN $1 AND $2
        GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    const actual: { period: string; areaHa: string }[] = await manager.query(
      `WITH t AS (${REVITALISED})
       SELECT p.period, round(coalesce(sum(t.area_m2), 0) / 10000, 4)::text AS "areaHa"
         FROM unnest($1::text[], $2::date[], $3::date[]) WITH ORDINALITY AS p (period, starts, ends, ord)
         LEFT JOIN t ON t.recorded_on BETWEEN p.starts AND p.ends
        GROUP BY p.period, p.ord ORDER BY p.ord`,
      [
        REVITALISATION_TARGETS.map((target) => target.period),
        REVITALISATION_TARGETS.map((target) => target.from),
        REVITALISATION_TARGETS.map((target) => target.to),
      ],
    );
    return {
      basis: IDLE_BASIS,
      byYear,
      targets: REVITALISATION_TARGETS.map((target, index) => ({
        period: target.period,
        label: target.label,
        from: target.from,
        to: target.to,
        idleLand: { targetHa: target.idleLandHa, actualHa: actual[index].areaHa },
        approvedButUnsupplied: {
          targetHa: target.approvedButUnsuppliedHa,
          actualHa: null,
          note: NOT_TRACKED,
        },
      })),
    };
  }
}
