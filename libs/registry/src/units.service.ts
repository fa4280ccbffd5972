import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, Page } from '@app/common';
import { PartyEntity, pgConstraintName, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/db';
import { sharesSumToOne, unitDistrictProblem, unitTermProblem } from '@app/domain';
import { PartyInput, PartyService } from '@app/identity';
import { AREA_SRID, GeoJsonPolygonal, PARCEL_LOCK_KEY, STORAGE_SRID } from './parcel-geometry';
import { SettingsService } from './settings.service';
import { LeaseView, MortgageView, RestrictionView, UnitView } from './unit-view';

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

interface UnitViewRow {
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
  current_right: UnitView['currentRight'];
  mortgages: MortgageView[];
  leases: LeaseView[];
  restrictions: RestrictionView[];
}

/** The SQL twin of toPartyView: nulls stripped, so a person shows only the masked ID and an organization its USCC. */
const partyJson = (alias: string) =>
  `json_strip_nulls(json_build_object('id', ${alias}.id, 'kind', ${alias}.kind, 'name', ${alias}.name,
     'idNumberMasked', ${alias}.id_number_masked, 'uscc', ${alias}.uscc))`;

/**
 * One statement per unit view: the current right with its holders, and the current encumbrances and
 * restrictions, aggregated as JSON. Decimals are cast to text so they keep their scale as strings.
 */
const UNIT_VIEW_SELECT = `
  SELECT u.unit_number, u.district_code, u.location, u.land_use, u.land_grade, u.right_type, u.term_start,
         u.term_end, u.area_m2, u.parcel_area_m2, u.plot_ratio, u.building_density, u.green_ratio,
         u.grant_fee_paid, u.investment_ratio, u.taken_back_at, ST_AsGeoJSON(u.geometry, 7) AS geometry,
         (SELECT json_build_object('certificateNumber', r.certificate_number, 'holders',
                   (SELECT coalesce(json_agg(json_build_object('party', ${partyJson('p')}, 'share', h.share::text)
                                             ORDER BY h.share DESC, p.name), '[]')
                      FROM right_holder h JOIN party p ON p.id = h.party_id WHERE h.right_id = r.id))
            FROM use_right r WHERE r.unit_id = u.id AND r.status = 'current') AS current_right,
         (SELECT coalesce(json_agg(json_build_object('id', m.id, 'mortgagee', ${partyJson('p')},
                   'amount', m.amount::text, 'maxAmount', m.max_amount, 'rank', m.rank, 'termStart', m.term_start,
                   'termEnd', m.term_end, 'certificateNumber', m.certificate_number) ORDER BY m.rank), '[]')
            FROM mortgage m JOIN party p ON p.id = m.mortgagee_party_id
           WHERE m.unit_id = u.id AND m.status = 'current') AS mortgages,
         (SELECT coalesce(json_agg(json_build_object('id', l.id, 'lessee', ${partyJson('p')},
                   'termStart', l.term_start, 'termEnd', l.term_end, 'annualRent', l.annual_rent::text,
                   'allocatedLandIncome', l.allocated_land_income) ORDER BY l.term_start), '[]')
            FROM lease l JOIN party p ON p.id = l.lessee_party_id
           WHERE l.unit_id = u.id AND l.status = 'current') AS leases,
         (SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'reference', x.reference,
                   'authority', x.authority, 'startDate', x.start_date, 'endDate', x.end_date,
                   'disposalStatus', x.disposal_status, 'liftedAt', NULL, 'liftReason', NULL)
                   ORDER BY x.start_date, x.created_at), '[]')
            FROM restriction x WHERE x.unit_id = u.id AND x.lifted_at IS NULL
             AND (x.end_date IS NULL OR x.end_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS restrictions
    FROM real_estate_unit u`;

function toUnitView(row: UnitViewRow): UnitView {
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
    currentRight: row.current_right,
    mortgages: row.mortgages,
    leases: row.leases,
    restrictions: row.restrictions,
  };
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
    const [row]: UnitViewRow[] = await manager.query(`${UNIT_VIEW_SELECT} WHERE u.unit_number = $1`, [
      unitNumber,
    ]);
    if (!row) throw ApiError.notFound(NOT_FOUND);
    return toUnitView(row);
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
    const rows: UnitViewRow[] = await this.dataSource.query(
      `${UNIT_VIEW_SELECT} ${where} ORDER BY u.unit_number LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toUnitView), total, page, pageSize };
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
