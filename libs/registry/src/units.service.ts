import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, Page } from '@app/common';
import { PartyEntity, pgConstraintName, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/db';
import { sharesSumToOne, unitDistrictProblem, unitTermProblem } from '@app/domain';
import { PartyInput, PartyService, toPartyView } from '@app/identity';
import { AREA_SRID, GeoJsonPolygonal, STORAGE_SRID } from './parcel-geometry';
import { SettingsService } from './settings.service';
import { HolderView, LeaseView, MortgageView, RestrictionView, UnitView } from './unit-view';

/** Serialises parcel creation so two overlapping parcels cannot both pass the overlap check. */
const PARCEL_LOCK_KEY = 7_245_110_003;

export interface NewHolder {
  partyId?: string;
  party?: PartyInput;
  share: string;
}

export interface NewUnit {
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  landGrade?: number;
  rightType: 'granted' | 'allocated';
  termStart?: string;
  termEnd?: string;
  areaM2: string;
  plotRatio?: string;
  buildingDensity?: string;
  greenRatio?: string;
  geometry?: GeoJsonPolygonal;
  holders: NewHolder[];
  certificateNumber?: string;
  grantFeePaid?: boolean;
  investmentRatio?: string;
}

interface UnitRow {
  id: string;
  unit_number: string;
  district_code: string;
  location: string;
  land_use: string;
  land_grade: number | null;
  right_type: 'granted' | 'allocated';
  term_start: string | null;
  term_end: string | null;
  area_m2: string;
  parcel_area_m2: string | null;
  plot_ratio: string | null;
  building_density: string | null;
  green_ratio: string | null;
  grant_fee_paid: boolean;
  investment_ratio: string;
  taken_back_at: string | null;
  geometry: string | null;
}

const NOT_FOUND = { zh: '不动产单元不存在', en: 'Real-estate unit not found' };

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: PartyService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** Registers a unit with its current right and holders (首次登记 as recorded in the register). */
  async register(unit: NewUnit, actor: AuditActor): Promise<UnitView> {
    this.checkConsistency(unit);
    try {
      await this.dataSource.transaction(async (manager) => {
        const parcelAreaM2 = unit.geometry ? await this.checkParcel(manager, unit) : null;
        const [{ id: unitId }]: { id: string }[] = await manager.query(
          `INSERT INTO real_estate_unit (unit_number, district_code, location, land_use, land_grade, right_type,
             term_start, term_end, area_m2, parcel_area_m2, plot_ratio, building_density, green_ratio,
             grant_fee_paid, investment_ratio, geometry)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
             CASE WHEN $16::text IS NULL THEN NULL
                  ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($16::text), ${STORAGE_SRID})) END)
           RETURNING id`,
          [
            unit.unitNumber,
            unit.districtCode,
            unit.location.trim(),
            unit.landUse,
            unit.landGrade ?? null,
            unit.rightType,
            unit.termStart ?? null,
            unit.termEnd ?? null,
            unit.areaM2,
            parcelAreaM2,
            unit.plotRatio ?? null,
            unit.buildingDensity ?? null,
            unit.greenRatio ?? null,
            unit.grantFeePaid ?? false,
            unit.investmentRatio ?? '0',
            unit.geometry ? JSON.stringify(unit.geometry) : null,
          ],
        );
        const [{ id: rightId }]: { id: string }[] = await manager.query(
          `INSERT INTO use_right (unit_id, certificate_number, status) VALUES ($1, $2, 'current') RETURNING id`,
          [unitId, unit.certificateNumber ?? null],
        );
        for (const [index, holder] of unit.holders.entries()) {
          const party = await this.resolveHolder(manager, holder, index);
          await manager.query(`INSERT INTO right_holder (right_id, party_id, share) VALUES ($1, $2, $3)`, [
            rightId,
            party.id,
            holder.share,
          ]);
        }
        await this.audit.record(manager, {
          actor,
          action: 'unit.registered',
          entityType: 'unit',
          entityId: unit.unitNumber,
          reason: 'unit entered into the register',
          data: { rightId, certificateNumber: unit.certificateNumber ?? null, holders: unit.holders.length },
        });
      });
    } catch (error) {
      throw this.translate(error);
    }
    return this.get(unit.unitNumber);
  }

  async get(unitNumber: string, manager: EntityManager = this.dataSource.manager): Promise<UnitView> {
    const [row]: UnitRow[] = await manager.query(
      `SELECT *, ST_AsGeoJSON(geometry, 7) AS geometry FROM real_estate_unit WHERE unit_number = $1`,
      [unitNumber],
    );
    if (!row) throw ApiError.notFound(NOT_FOUND);
    return this.view(manager, row);
  }

  async list(
    filter: { holderPartyId?: string; districtCode?: string },
    page: number,
    pageSize: number,
  ): Promise<Page<UnitView>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.holderPartyId) {
      params.push(filter.holderPartyId);
      conditions.push(`EXISTS (SELECT 1 FROM use_right r JOIN right_holder h ON h.right_id = r.id
        WHERE r.unit_id = u.id AND r.status = 'current' AND h.party_id = $${params.length})`);
    }
    if (filter.districtCode) {
      params.push(filter.districtCode);
      conditions.push(`u.district_code = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM real_estate_unit u ${where}`,
      params,
    );
    const rows: UnitRow[] = await this.dataSource.query(
      `SELECT u.*, ST_AsGeoJSON(u.geometry, 7) AS geometry FROM real_estate_unit u ${where}
        ORDER BY u.unit_number LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const items = [];
    for (const row of rows) items.push(await this.view(this.dataSource.manager, row));
    return { items, total, page, pageSize };
  }

  async isHeldBy(unitNumber: string, user: AuthenticatedUser): Promise<boolean> {
    if (!user.partyId) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM real_estate_unit u JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
         JOIN right_holder h ON h.right_id = r.id
        WHERE u.unit_number = $1 AND h.party_id = $2`,
      [unitNumber, user.partyId],
    );
    return rows.length > 0;
  }

  private checkConsistency(unit: NewUnit): void {
    const problem =
      unitDistrictProblem(unit.unitNumber, unit.districtCode) ??
      unitTermProblem(unit.rightType, unit.termStart, unit.termEnd);
    if (problem) throw ApiError.invalidField(problem.field, problem.rule, problem.message);
    if (!sharesSumToOne(unit.holders.map((holder) => holder.share))) {
      throw ApiError.invalidField('holders', 'sharesSumToOne', {
        zh: '共有份额之和必须等于 1',
        en: 'holder shares must sum to 1',
      });
    }
  }

  private async resolveHolder(
    manager: EntityManager,
    holder: NewHolder,
    index: number,
  ): Promise<PartyEntity> {
    if (holder.party) return this.parties.findOrCreate(manager, holder.party);
    const party = holder.partyId ? await manager.findOneBy(PartyEntity, { id: holder.partyId }) : null;
    if (!party) {
      throw ApiError.invalidField(`holders[${index}].partyId`, 'exists', {
        zh: '权利人不存在',
        en: 'no party with this id',
      });
    }
    return party;
  }

  /** Returns the parcel's measured area after checking validity, declared area and overlaps. */
  private async checkParcel(manager: EntityManager, unit: NewUnit): Promise<string> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [PARCEL_LOCK_KEY]);
    const geoJson = JSON.stringify(unit.geometry);
    const [shape]: { valid: boolean; reason: string; area: number }[] = await manager.query(
      `WITH parcel AS (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1::text), ${STORAGE_SRID})) AS geom)
       SELECT ST_IsValid(geom) AS valid, ST_IsValidReason(geom) AS reason,
              ST_Area(ST_Transform(geom, ${AREA_SRID})) AS area FROM parcel`,
      [geoJson],
    );
    if (!shape.valid) {
      throw ApiError.invalidField('geometry', 'validGeometry', {
        zh: `宗地图形无效：${shape.reason}`,
        en: `the parcel geometry is invalid: ${shape.reason}`,
      });
    }
    const declared = Number(unit.areaM2);
    const tolerance = await this.settings.get('parcel.areaToleranceRatio');
    if (Math.abs(shape.area - declared) > declared * tolerance) {
      throw ApiError.invalidField('areaM2', 'matchesParcel', {
        zh: `申报面积 ${declared} 平方米与宗地图形面积 ${shape.area.toFixed(2)} 平方米相差超过 ${tolerance * 100}%`,
        en: `declared area ${declared} m² differs from the parcel's ${shape.area.toFixed(2)} m² by more than ${tolerance * 100}%`,
      });
    }
    const overlapTolerance = await this.settings.get('parcel.overlapToleranceM2');
    const overlaps: { unit_number: string; overlap: number }[] = await manager.query(
      `WITH parcel AS (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1::text), ${STORAGE_SRID})) AS geom)
       SELECT u.unit_number, ST_Area(ST_Transform(ST_Intersection(u.geometry, parcel.geom), ${AREA_SRID})) AS overlap
         FROM real_estate_unit u, parcel
        WHERE u.geometry && parcel.geom AND ST_Intersects(u.geometry, parcel.geom) AND u.taken_back_at IS NULL
          AND EXISTS (SELECT 1 FROM use_right r WHERE r.unit_id = u.id AND r.status = 'current')`,
      [geoJson],
    );
    const beyond = overlaps.filter((overlap) => overlap.overlap > overlapTolerance);
    if (beyond.length) {
      throw ApiError.badRequest(
        { zh: '宗地与已登记宗地重叠', en: 'The parcel overlaps registered parcels' },
        [
          {
            field: 'geometry',
            rule: 'noOverlap',
            message: `与以下不动产单元重叠 / overlaps ${beyond.map((overlap) => overlap.unit_number).join(', ')}`,
          },
        ],
      );
    }
    return shape.area.toFixed(2);
  }

  private translate(error: unknown): unknown {
    if (error instanceof ApiError) return error;
    const code = pgErrorCode(error);
    const constraint = pgConstraintName(error);
    if (code === PG_UNIQUE_VIOLATION && constraint === 'real_estate_unit_unit_number_key') {
      return ApiError.conflict(
        { zh: '该不动产单元已登记', en: 'This unit is already registered' },
        { field: 'unitNumber' },
      );
    }
    if (code === PG_UNIQUE_VIOLATION && constraint === 'use_right_certificate_number_key') {
      return ApiError.conflict(
        { zh: '该证书号已被使用', en: 'This certificate number is already in use' },
        { field: 'certificateNumber' },
      );
    }
    if (code === PG_UNIQUE_VIOLATION && constraint === 'right_holder_pkey') {
      return ApiError.invalidField('holders', 'distinctHolders', {
        zh: '同一权利人不能重复出现',
        en: 'a party may appear only once among the holders',
      });
    }
    if (code === 'XX000' || code === '22023') {
      return ApiError.invalidField('geometry', 'validGeometry', {
        zh: '宗地图形无法解析',
        en: 'the parcel geometry cannot be parsed',
      });
    }
    return error;
  }

  private async view(manager: EntityManager, row: UnitRow): Promise<UnitView> {
    const holders: HolderView[] = (
      await manager.query(
        `SELECT h.share, p.* FROM use_right r
           JOIN right_holder h ON h.right_id = r.id JOIN party p ON p.id = h.party_id
          WHERE r.unit_id = $1 AND r.status = 'current' ORDER BY h.share DESC, p.name`,
        [row.id],
      )
    ).map((holder: Record<string, unknown>) => ({
      share: holder.share as string,
      party: toPartyView({
        id: holder.id,
        kind: holder.kind,
        name: holder.name,
        idNumberMasked: holder.id_number_masked,
        uscc: holder.uscc,
      } as PartyEntity),
    }));
    const [rightRow]: { certificate_number: string | null }[] = await manager.query(
      `SELECT certificate_number FROM use_right WHERE unit_id = $1 AND status = 'current'`,
      [row.id],
    );
    const mortgages: MortgageView[] = (
      await manager.query(
        `SELECT m.*, p.id AS p_id, p.kind AS p_kind, p.name AS p_name, p.id_number_masked AS p_masked, p.uscc AS p_uscc
           FROM mortgage m JOIN party p ON p.id = m.mortgagee_party_id
          WHERE m.unit_id = $1 AND m.status = 'current' ORDER BY m.rank`,
        [row.id],
      )
    ).map((mortgage: Record<string, unknown>) => ({
      id: mortgage.id as string,
      mortgagee: partyFromPrefixed(mortgage),
      amount: mortgage.amount as string,
      maxAmount: mortgage.max_amount as boolean,
      rank: mortgage.rank as number,
      termStart: mortgage.term_start as string,
      termEnd: mortgage.term_end as string,
      certificateNumber: mortgage.certificate_number as string | null,
    }));
    const leases: LeaseView[] = (
      await manager.query(
        `SELECT l.*, p.id AS p_id, p.kind AS p_kind, p.name AS p_name, p.id_number_masked AS p_masked, p.uscc AS p_uscc
           FROM lease l JOIN party p ON p.id = l.lessee_party_id
          WHERE l.unit_id = $1 AND l.status = 'current' ORDER BY l.term_start`,
        [row.id],
      )
    ).map((lease: Record<string, unknown>) => ({
      id: lease.id as string,
      lessee: partyFromPrefixed(lease),
      termStart: lease.term_start as string,
      termEnd: lease.term_end as string,
      annualRent: lease.annual_rent as string,
      allocatedLandIncome: lease.allocated_land_income as boolean,
    }));
    const restrictions: RestrictionView[] = (
      await manager.query(
        `SELECT * FROM restriction WHERE unit_id = $1 AND lifted_at IS NULL ORDER BY start_date, created_at`,
        [row.id],
      )
    ).map(toRestrictionView);
    return {
      unitNumber: row.unit_number,
      districtCode: row.district_code,
      location: row.location,
      landUse: row.land_use,
      landGrade: row.land_grade,
      rightType: row.right_type,
      termStart: row.term_start,
      termEnd: row.term_end,
      areaM2: row.area_m2,
      parcelAreaM2: row.parcel_area_m2,
      planning: {
        plotRatio: row.plot_ratio,
        buildingDensity: row.building_density,
        greenRatio: row.green_ratio,
      },
      grantFeePaid: row.grant_fee_paid,
      investmentRatio: row.investment_ratio,
      takenBackAt: row.taken_back_at,
      geometry: row.geometry ? JSON.parse(row.geometry) : null,
      currentRight: rightRow ? { certificateNumber: rightRow.certificate_number, holders } : null,
      mortgages,
      leases,
      restrictions,
    };
  }
}

function partyFromPrefixed(row: Record<string, unknown>) {
  return toPartyView({
    id: row.p_id,
    kind: row.p_kind,
    name: row.p_name,
    idNumberMasked: row.p_masked,
    uscc: row.p_uscc,
  } as PartyEntity);
}

export function toRestrictionView(row: Record<string, unknown>): RestrictionView {
  return {
    id: row.id as string,
    kind: row.kind as RestrictionView['kind'],
    reference: row.reference as string,
    authority: row.authority as string | null,
    startDate: row.start_date as string,
    endDate: row.end_date as string | null,
    disposalStatus: row.disposal_status as string | null,
    liftedAt: row.lifted_at ? (row.lifted_at as Date).toISOString() : null,
    liftReason: row.lift_reason as string | null,
  };
}
