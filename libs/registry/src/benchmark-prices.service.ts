import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { pgConstraintName, updateReturning } from '@app/db';
import { landUseClassOf } from '@app/domain';

export interface BenchmarkPrice {
  id: string;
  districtCode: string;
  landUseClass: string;
  grade: number;
  pricePerM2: string;
  validFrom: string;
  validTo: string;
}

export type NewBenchmarkPrice = Omit<BenchmarkPrice, 'id'>;

function toBenchmarkPrice(row: Record<string, unknown>): BenchmarkPrice {
  return {
    id: row.id as string,
    districtCode: row.district_code as string,
    landUseClass: row.land_use_class as string,
    grade: row.grade as number,
    pricePerM2: row.price_per_m2 as string,
    validFrom: row.valid_from as string,
    validTo: row.valid_to as string,
  };
}

const OVERLAP = {
  zh: '同一区域、用途和级别的基准地价有效期不能重叠',
  en: 'Benchmark prices for the same district, land-use class and grade cannot have overlapping validity',
};

/** 基准地价: revised every three years; at most one price is valid per district × class × grade on any day. */
@Injectable()
export class BenchmarkPricesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(price: NewBenchmarkPrice, actor: AuditActor): Promise<BenchmarkPrice> {
    this.checkPeriod(price);
    return this.withOverlapCheck(() =>
      this.dataSource.transaction(async (manager) => {
        const [row]: Record<string, unknown>[] = await manager.query(
          `INSERT INTO benchmark_price (district_code, land_use_class, grade, price_per_m2, valid_from, valid_to)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [
            price.districtCode,
            price.landUseClass,
            price.grade,
            price.pricePerM2,
            price.validFrom,
            price.validTo,
          ],
        );
        await this.audit.record(manager, {
          actor,
          action: 'benchmarkPrice.created',
          entityType: 'benchmarkPrice',
          entityId: row.id as string,
          data: { ...price },
        });
        return toBenchmarkPrice(row);
      }),
    );
  }

  async update(id: string, price: NewBenchmarkPrice, actor: AuditActor): Promise<BenchmarkPrice> {
    this.checkPeriod(price);
    return this.withOverlapCheck(() =>
      this.dataSource.transaction(async (manager) => {
        const before = await this.lockForChange(manager, id, price);
        const [row] = await updateReturning<Record<string, unknown>>(
          manager,
          `UPDATE benchmark_price SET district_code = $2, land_use_class = $3, grade = $4, price_per_m2 = $5,
                  valid_from = $6, valid_to = $7 WHERE id = $1 RETURNING *`,
          [
            id,
            price.districtCode,
            price.landUseClass,
            price.grade,
            price.pricePerM2,
            price.validFrom,
            price.validTo,
          ],
        );
        await this.audit.record(manager, {
          actor,
          action: 'benchmarkPrice.changed',
          entityType: 'benchmarkPrice',
          entityId: id,
          data: { from: toBenchmarkPrice(before), to: price },
        });
        return toBenchmarkPrice(row);
      }),
    );
  }

  async remove(id: string, actor: AuditActor, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockForChange(manager, id, null);
      const [row] = await updateReturning<Record<string, unknown>>(
        manager,
        `DELETE FROM benchmark_price WHERE id = $1 RETURNING *`,
        [id],
      );
      await this.audit.record(manager, {
        actor,
        action: 'benchmarkPrice.removed',
        entityType: 'benchmarkPrice',
        entityId: id,
        reason,
        data: { removed: toBenchmarkPrice(row) },
      });
    });
  }

  async search(filter: {
    districtCode?: string;
    landUse?: string;
    date?: string;
  }): Promise<BenchmarkPrice[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.districtCode) {
      params.push(filter.districtCode);
      conditions.push(`district_code = $${params.length}`);
    }
    if (filter.landUse) {
      params.push(landUseClassOf(filter.landUse));
      conditions.push(`land_use_class = $${params.length}`);
    }
    if (filter.date) {
      params.push(filter.date);
      conditions.push(`$${params.length}::date BETWEEN valid_from AND valid_to`);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM benchmark_price ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY district_code, land_use_class, grade, valid_from LIMIT 1000`,
      params,
    );
    return rows.map(toBenchmarkPrice);
  }

  /** The benchmark that applies to a unit on a date: its district, its land use's class and its grade. */
  async forUnit(unitNumber: string, date: string): Promise<BenchmarkPrice | null> {
    const [row]: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT b.* FROM real_estate_unit u JOIN benchmark_price b
           ON b.district_code = u.district_code AND b.land_use_class = left(u.land_use, 2)
          AND b.grade = u.land_grade AND $2::date BETWEEN b.valid_from AND b.valid_to
        WHERE u.unit_number = $1`,
      [unitNumber, date],
    );
    return row ? toBenchmarkPrice(row) : null;
  }

  /**
   * A price that has taken effect may already stand behind declarations and pre-emption decisions, so it is
   * never rewritten or removed; the one change allowed is ending its period (not before today) so that a
   * revised price can follow.
   */
  private async lockForChange(
    manager: EntityManager,
    id: string,
    change: NewBenchmarkPrice | null,
  ): Promise<Record<string, unknown>> {
    const [row]: (Record<string, unknown> & { in_effect: boolean; today: string })[] = await manager.query(
      `SELECT *, (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today,
              valid_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date AS in_effect
         FROM benchmark_price WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw ApiError.notFound({ zh: '基准地价不存在', en: 'Benchmark price not found' });
    const before = toBenchmarkPrice(row);
    const onlyEndsPeriod =
      change !== null &&
      change.validTo >= row.today &&
      (['districtCode', 'landUseClass', 'grade', 'validFrom'] as const).every(
        (key) => change[key] === before[key],
      ) &&
      Number(change.pricePerM2) === Number(before.pricePerM2);
    if (row.in_effect && !onlyEndsPeriod) {
      throw ApiError.conflict({
        zh: '已生效的基准地价只能调整有效期终止日（不早于今日），请新增价格替代',
        en: 'A benchmark price in effect can only have its period ended (not before today); add a new price instead',
      });
    }
    return row;
  }

  private checkPeriod(price: NewBenchmarkPrice): void {
    if (price.validTo < price.validFrom) {
      throw ApiError.invalidField('validTo', 'afterValidFrom', {
        zh: '有效期终止日期不能早于起始日期',
        en: 'validTo must not be before validFrom',
      });
    }
  }

  private async withOverlapCheck<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (pgConstraintName(error) === 'benchmark_price_no_overlap') throw ApiError.conflict(OVERLAP);
      throw error;
    }
  }
}
