import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, hasAnyRole, Page } from '@app/common';
import { PartyEntity } from '@app/db';
import {
  availableActions,
  MaterialType,
  RegistrationActor,
  RegistrationKind,
  RegistrationState,
  wuhaiDate,
} from '@app/domain';
import { PartyInput, PartyService, toPartyView } from '@app/identity';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationSummary, ApplicationView, HistoryEntry } from './application-view';
import { ApplicationTransitions } from './application-transitions';
import { CertificatesService } from './certificates.service';
import { DeadlinesService } from './deadlines.service';

export interface NewApplication {
  kind: RegistrationKind;
  unitNumber: string;
  listingId?: string;
  counterparty?: { partyId?: string; party?: PartyInput };
  declaredPrice?: string;
  leaseTerm?: { start: string; end: string };
  annualRent?: string;
  mortgage?: { amount: string; maxAmount?: boolean; start: string; end: string };
  mortgageId?: string;
  materials: { type: MaterialType; fileId: string }[];
}

export interface ApplicationFilter {
  status?: RegistrationState;
  kind?: RegistrationKind;
  districtCode?: string;
  applicationNumber?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

const STAFF_ROLES = ['clerk', 'reviewer', 'registrar'] as const;
const READ_ALL_ROLES = ['admin', 'auditor'] as const;

/**
 * Which applications a caller may see, as SQL over alias `a`; parameters start at `$first`. Reviewers and
 * registrars see their districts; a clerk sees what their own window took in, plus online submissions waiting
 * to be accepted (any window may accept one), and never another window's work.
 */
export function visibilityClause(
  user: AuthenticatedUser,
  first: number,
  mineOnly = false,
): { sql: string; params: unknown[] } {
  const own = `(a.applicant_party_id = $${first} OR a.counterparty_party_id = $${first})`;
  if (mineOnly || !hasAnyRole(user, [...STAFF_ROLES, ...READ_ALL_ROLES])) {
    return user.partyId ? { sql: own, params: [user.partyId] } : { sql: 'false', params: [] };
  }
  if (hasAnyRole(user, READ_ALL_ROLES)) return { sql: 'true', params: [] };
  const params: unknown[] = [user.partyId ?? '00000000-0000-0000-0000-000000000000'];
  const scopes = [own];
  if (hasAnyRole(user, ['reviewer', 'registrar'])) {
    if (user.districts.length === 0) return { sql: 'true', params: [] };
    params.push(user.districts);
    scopes.push(`a.district_code = ANY ($${first + params.length - 1})`);
  }
  if (hasAnyRole(user, ['clerk'])) {
    params.push(user.windowId);
    scopes.push(
      `a.window_id = $${first + params.length - 1}::uuid`,
      `(a.channel = 'online' AND a.status = 'submitted' AND a.window_id IS NULL)`,
    );
  }
  return { sql: `(${scopes.join(' OR ')})`, params };
}

export function registrationActor(user: AuthenticatedUser, application: ApplicationRow): RegistrationActor {
  return {
    id: user.id,
    roles: user.roles,
    isApplicant: user.partyId !== null && user.partyId === application.applicant_party_id,
    isCounterparty: user.partyId !== null && user.partyId === application.counterparty_party_id,
  };
}

function notFound(): ApiError {
  return ApiError.notFound({ zh: '申请不存在或无权查看', en: 'Application not found' });
}

/** Creating drafts and reading applications; state changes go through WorkflowService. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: PartyService,
    private readonly audit: AuditService,
    private readonly transitions: ApplicationTransitions,
    private readonly deadlines: DeadlinesService,
    private readonly certificates: CertificatesService,
  ) {}

  async create(input: NewApplication, user: AuthenticatedUser, actor: AuditActor): Promise<ApplicationView> {
    if (!user.partyId) {
      throw ApiError.forbidden({
        zh: '只有实名登记的权利人可以提交申请',
        en: 'Only a registered holder can apply',
      });
    }
    const applicantPartyId = user.partyId;
    return this.audit.transaction(async (manager) => {
      const [unit]: { id: string; district_code: string; right_id: string | null; holder: boolean }[] =
        await manager.query(
          `SELECT u.id, u.district_code, r.id AS right_id,
                  EXISTS (SELECT 1 FROM right_holder h WHERE h.right_id = r.id AND h.party_id = $2) AS holder
             FROM real_estate_unit u LEFT JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
            WHERE u.unit_number = $1`,
          [input.unitNumber, applicantPartyId],
        );
      if (!unit) {
        throw ApiError.invalidField('unitNumber', 'registered', {
          zh: '该不动产单元未在登记簿中登记',
          en: 'no unit with this number is in the register',
        });
      }
      // Only a holder may open an application, or anyone could occupy a unit's single in-flight transfer slot.
      if (!unit.holder) {
        throw ApiError.forbidden({
          zh: '您不是该不动产单元的现势权利人，不能申请',
          en: 'You do not hold the current right on this unit',
        });
      }
      const counterpartyId = await this.counterparty(manager, input, applicantPartyId);
      if (input.kind === 'mortgage_release')
        await this.checkReleasedMortgage(manager, input.mortgageId!, unit.id);
      await this.checkFiles(manager, input.kind, input.materials, user);
      if (input.listingId) {
        const [listing]: unknown[] = await manager.query(
          `SELECT 1 FROM listing WHERE id = $1 AND unit_id = $2 AND seller_party_id = $3`,
          [input.listingId, unit.id, applicantPartyId],
        );
        if (!listing) {
          throw ApiError.invalidField('listingId', 'ownListingOfUnit', {
            zh: '挂牌信息不存在，或不是您对该单元的挂牌',
            en: 'no listing of yours for this unit has this id',
          });
        }
      }
      const id = await this.insertDraft(manager, input, {
        unit,
        applicantPartyId,
        counterpartyPartyId: counterpartyId,
        createdBy: user.id,
        windowId: null,
      });
      await this.insertMaterials(manager, id, input.materials, user.id);
      await this.audit.record(manager, {
        actor,
        action: 'application.created',
        entityType: 'registration_application',
        entityId: id,
        data: { kind: input.kind, unitNumber: input.unitNumber, materials: input.materials.length },
      });
      return this.view(manager, await this.load(manager, id, user), user);
    });
  }

  /** Inserts a draft; a window draft (windowId given) belongs to the window that took it in. */
  async insertDraft(
    manager: EntityManager,
    input: Omit<NewApplication, 'materials' | 'counterparty'>,
    parties: {
      unit: { id: string; district_code: string; right_id: string | null };
      applicantPartyId: string;
      counterpartyPartyId: string | null;
      createdBy: string;
      windowId: string | null;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO registration_application
           (application_number, kind, channel, status, unit_id, district_code, right_id, applicant_party_id, created_by,
            counterparty_party_id, listing_id, declared_price, lease_start, lease_end, annual_rent, mortgage_amount,
            mortgage_max_amount, mortgage_start, mortgage_end, released_mortgage_id, window_id)
         VALUES ('DJ' || to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYYMMDD')
                   || lpad(nextval('registration_application_number_seq')::text, 7, '0'),
                 $1, $18, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19)
         RETURNING id`,
      [
        input.kind,
        parties.unit.id,
        parties.unit.district_code,
        parties.unit.right_id,
        parties.applicantPartyId,
        parties.createdBy,
        parties.counterpartyPartyId,
        input.listingId ?? null,
        input.kind === 'transfer' ? input.declaredPrice : null,
        input.kind === 'lease' ? input.leaseTerm!.start : null,
        input.kind === 'lease' ? input.leaseTerm!.end : null,
        input.kind === 'lease' ? input.annualRent : null,
        input.kind === 'mortgage' ? input.mortgage!.amount : null,
        input.kind === 'mortgage' ? (input.mortgage!.maxAmount ?? false) : null,
        input.kind === 'mortgage' ? input.mortgage!.start : null,
        input.kind === 'mortgage' ? input.mortgage!.end : null,
        input.kind === 'mortgage_release' ? input.mortgageId : null,
        parties.windowId ? 'window' : 'online',
        parties.windowId,
      ],
    );
    return row.id;
  }

  /** Materials can be added while the applicant still holds the pen: in a draft, or answering a requisition. */
  async addMaterials(
    applicationId: string,
    materials: { type: MaterialType; fileId: string }[],
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<ApplicationView> {
    return this.audit.transaction(async (manager) => {
      const application = await this.load(manager, applicationId, user, true);
      if (application.applicant_party_id !== user.partyId) {
        throw ApiError.forbidden({
          zh: '只有申请人可以补充材料',
          en: 'Only the applicant can add materials',
        });
      }
      if (application.status !== 'draft' && application.status !== 'requisitioned') {
        throw ApiError.conflict(
          {
            zh: '当前状态不能补充材料',
            en: 'Materials can be added only to a draft or a requisitioned application',
          },
          { currentStatus: application.status },
        );
      }
      await this.checkFiles(manager, application.kind, materials, user);
      await this.insertMaterials(manager, application.id, materials, user.id);
      await this.audit.record(manager, {
        actor,
        action: 'application.materials_added',
        entityType: 'registration_application',
        entityId: application.id,
        data: { materials },
      });
      return this.view(manager, await this.load(manager, applicationId, user), user);
    });
  }

  /** The counter-party's half of a joint application (共同申请); only on a draft, before it is submitted. */
  async confirm(applicationId: string, user: AuthenticatedUser, actor: AuditActor): Promise<ApplicationView> {
    return this.audit.transaction(async (manager) => {
      const application = await this.load(manager, applicationId, user);
      if (!user.partyId || application.counterparty_party_id !== user.partyId) {
        throw ApiError.forbidden({
          zh: '只有申请的对方当事人可以确认',
          en: 'Only the counter-party can confirm',
        });
      }
      if (application.counterparty_confirmed_at) {
        throw ApiError.conflict(
          { zh: '对方当事人已确认过该申请', en: 'The counter-party has already confirmed' },
          { currentStatus: application.status },
        );
      }
      if (application.status !== 'draft') {
        throw ApiError.conflict(
          { zh: '只能确认尚未提交的申请', en: 'Only a draft can be confirmed' },
          { currentStatus: application.status },
        );
      }
      const confirmed = await this.transitions.apply(manager, application, {
        action: 'confirm',
        to: 'draft',
        actor,
        comment: '对方当事人确认共同申请 / counter-party confirmed the joint application',
        changes: { counterparty_confirmed_at: new Date(), counterparty_confirmed_by: user.id },
      });
      return this.view(manager, confirmed, user);
    });
  }

  async get(applicationId: string, user: AuthenticatedUser): Promise<ApplicationView> {
    const manager = this.dataSource.manager;
    const application = await this.load(manager, applicationId, user);
    return this.view(manager, application, user);
  }

  async list(filter: ApplicationFilter, user: AuthenticatedUser): Promise<Page<ApplicationSummary>> {
    const visible = visibilityClause(user, 1, filter.mine === true);
    const params: unknown[] = [...visible.params];
    const conditions = [visible.sql];
    for (const [column, value] of [
      ['a.status', filter.status],
      ['a.kind', filter.kind],
      ['a.district_code', filter.districtCode],
      ['a.application_number', filter.applicationNumber],
    ] as const) {
      if (value !== undefined) {
        params.push(value);
        conditions.push(`${column} = $${params.length}`);
      }
    }
    params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
    const rows: (ApplicationRow & { applicant_name: string; total: number })[] = await this.dataSource.query(
      `SELECT a.*, u.unit_number, p.name AS applicant_name, count(*) OVER ()::int AS total
         FROM registration_application a
         JOIN real_estate_unit u ON u.id = a.unit_id
         JOIN party p ON p.id = a.applicant_party_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY a.created_at DESC, a.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return {
      items: rows.map((row) => summary(row, row.applicant_name)),
      total: rows[0]?.total ?? (await this.count(conditions, params.slice(0, -2))),
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  /**
   * What waits for this user, oldest due first: acceptance for clerks and reviewers of the district, reviews
   * assigned to a reviewer, and pre-emption, approval and recording for registrars. Staff never see their own
   * cases here.
   */
  async reviewQueue(
    user: AuthenticatedUser,
    page: number,
    pageSize: number,
  ): Promise<Page<ApplicationSummary & { task: string }>> {
    const tasks: string[] = [];
    const params: unknown[] = [
      user.id,
      user.districts,
      user.partyId ?? '00000000-0000-0000-0000-000000000000',
    ];
    if (hasAnyRole(user, ['clerk', 'reviewer'])) {
      tasks.push(`WHEN a.status = 'submitted' AND a.precheck_status = 'passed' THEN 'accept'`);
    }
    if (hasAnyRole(user, ['reviewer'])) {
      tasks.push(`WHEN a.status = 'accepted' AND a.assigned_to = $1 THEN 'first_review'`);
      tasks.push(`WHEN a.status = 'first_review' AND a.assigned_to = $1 THEN 'second_review'`);
    }
    if (hasAnyRole(user, ['registrar'])) {
      tasks.push(`WHEN a.status = 'preemption_pending' THEN 'decide_preemption'`);
      tasks.push(`WHEN a.status = 'second_review' THEN 'approve'`);
      tasks.push(`WHEN a.status = 'approved' THEN 'record'`);
    }
    if (tasks.length === 0) return { items: [], total: 0, page, pageSize };
    const waiting = `
      SELECT a.*, u.unit_number, p.name AS applicant_name, CASE ${tasks.join(' ')} END AS task
        FROM registration_application a
        JOIN real_estate_unit u ON u.id = a.unit_id
        JOIN party p ON p.id = a.applicant_party_id
       WHERE a.status IN ('submitted', 'accepted', 'first_review', 'second_review', 'approved', 'preemption_pending')
         AND (cardinality($2::text[]) = 0 OR a.district_code = ANY ($2))
         AND a.applicant_party_id <> $3::uuid AND a.counterparty_party_id IS DISTINCT FROM $3::uuid
         AND $1::uuid IS NOT NULL`;
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${waiting}) q WHERE task IS NOT NULL`,
      params,
    );
    const rows: (ApplicationRow & { applicant_name: string; task: string })[] = await this.dataSource.query(
      `SELECT * FROM (${waiting}) q WHERE task IS NOT NULL
        ORDER BY q.due_on NULLS LAST, q.submitted_at, q.id
        LIMIT $4 OFFSET $5`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return {
      items: rows.map((row) => ({ ...summary(row, row.applicant_name), task: row.task })),
      total,
      page,
      pageSize,
    };
  }

  /** Loads an application the caller may see; `forUpdate` locks the row for the rest of the transaction. */
  async load(
    manager: EntityManager,
    applicationId: string,
    user: AuthenticatedUser,
    forUpdate = false,
  ): Promise<ApplicationRow> {
    const visible = visibilityClause(user, 2);
    const [row]: ApplicationRow[] = await manager.query(
      `${APPLICATION_SELECT} WHERE a.id = $1 AND ${visible.sql}${forUpdate ? ' FOR UPDATE OF a' : ''}`,
      [applicationId, ...visible.params],
    );
    if (!row) throw notFound();
    return row;
  }

  async view(
    manager: EntityManager,
    application: ApplicationRow,
    user: AuthenticatedUser,
  ): Promise<ApplicationView> {
    const parties = await manager
      .getRepository(PartyEntity)
      .findBy(
        [application.applicant_party_id, application.counterparty_party_id]
          .filter((id): id is string => !!id)
          .map((id) => ({ id })),
      );
    const partyView = (id: string | null) => {
      const party = parties.find((candidate) => candidate.id === id);
      return party ? toPartyView(party) : null;
    };
    const materials: { type: MaterialType; fileId: string }[] = await manager.query(
      `SELECT material_type AS type, file_id AS "fileId" FROM application_material
        WHERE application_id = $1 ORDER BY added_at, file_id`,
      [application.id],
    );
    const history: HistoryEntry[] = (
      await manager.query(
        `SELECT version, action, from_status, to_status, actor_id, actor_label, comment, missing_items, legal_ground,
                occurred_at
           FROM application_history WHERE application_id = $1 ORDER BY version`,
        [application.id],
      )
    ).map((row: Record<string, unknown>) => ({
      version: row.version as number,
      action: row.action as string,
      fromStatus: row.from_status as RegistrationState,
      toStatus: row.to_status as RegistrationState,
      actor: { id: row.actor_id as string | null, label: row.actor_label as string },
      comment: row.comment as string | null,
      missingItems: row.missing_items as string[] | null,
      legalGround: row.legal_ground as string | null,
      at: (row.occurred_at as Date).toISOString(),
    }));
    const [assignee]: { display_name: string }[] = application.assigned_to
      ? await manager.query(`SELECT display_name FROM app_user WHERE id = $1`, [application.assigned_to])
      : [];
    const [certificate]: { issued_at: Date | null }[] = application.certificate_number
      ? await manager.query(`SELECT issued_at FROM certificate WHERE number = $1`, [
          application.certificate_number,
        ])
      : [];
    return {
      id: application.id,
      applicationNumber: application.application_number,
      kind: application.kind,
      channel: application.channel,
      status: application.status,
      version: application.version,
      unitNumber: application.unit_number,
      districtCode: application.district_code,
      applicant: partyView(application.applicant_party_id)!,
      counterparty: partyView(application.counterparty_party_id),
      counterpartyConfirmedAt: application.counterparty_confirmed_at?.toISOString() ?? null,
      listingId: application.listing_id,
      declaredPrice: application.declared_price,
      leaseTerm:
        application.kind === 'lease'
          ? {
              start: application.lease_start!,
              end: application.lease_end!,
              annualRent: application.annual_rent!,
            }
          : null,
      mortgage:
        application.kind === 'mortgage'
          ? {
              amount: application.mortgage_amount!,
              maxAmount: application.mortgage_max_amount!,
              start: application.mortgage_start!,
              end: application.mortgage_end!,
              rank: application.mortgage_rank,
            }
          : null,
      releasedMortgageId: application.released_mortgage_id,
      materials,
      precheck: application.precheck_status
        ? {
            status: application.precheck_status,
            findings: application.precheck_findings,
            checkedAt: application.prechecked_at?.toISOString() ?? null,
          }
        : null,
      preemption: {
        required: application.preemption_required,
        decision: application.preemption_decision,
        dueOn: application.preemption_due_on,
      },
      acceptance: application.accepted_at
        ? {
            acceptedAt: application.accepted_at.toISOString(),
            acceptedBy: application.accepted_by,
            acceptanceNumber: application.acceptance_number,
            windowId: application.window_id,
          }
        : null,
      assignedTo:
        application.assigned_to && assignee
          ? { id: application.assigned_to, displayName: assignee.display_name }
          : null,
      deadline: await this.deadlines.view(manager, application),
      certificate: application.certificate_number
        ? {
            number: application.certificate_number,
            issuedAt: certificate?.issued_at?.toISOString() ?? null,
            verifyUrl: this.certificates.verifyUrl(application.certificate_number),
            pdfUrl: `/api/v1/certificates/${encodeURIComponent(application.certificate_number)}/pdf`,
          }
        : null,
      availableActions: availableActions(application.status, registrationActor(user, application), {
        acceptedBy: application.accepted_by ?? undefined,
        firstReviewedBy: application.first_reviewed_by ?? undefined,
        secondReviewedBy: application.second_reviewed_by ?? undefined,
      }),
      history,
      createdAt: application.created_at.toISOString(),
      updatedAt: application.updated_at.toISOString(),
    };
  }

  private async count(conditions: string[], params: unknown[]): Promise<number> {
    const [row]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM registration_application a WHERE ${conditions.join(' AND ')}`,
      params,
    );
    return row.total;
  }

  async counterparty(
    manager: EntityManager,
    input: Pick<NewApplication, 'counterparty'>,
    applicantPartyId: string,
  ): Promise<string | null> {
    if (!input.counterparty) return null;
    let id: string;
    if (input.counterparty.partyId) {
      const exists = await manager.existsBy(PartyEntity, { id: input.counterparty.partyId });
      if (!exists) {
        throw ApiError.invalidField('counterparty.partyId', 'exists', {
          zh: '对方当事人不存在',
          en: 'no party with this id',
        });
      }
      id = input.counterparty.partyId;
    } else {
      id = (await this.parties.findOrCreate(manager, input.counterparty.party!)).id;
    }
    if (id === applicantPartyId) {
      throw ApiError.invalidField('counterparty', 'differsFromApplicant', {
        zh: '对方当事人不能是申请人本人',
        en: 'the counter-party must differ from the applicant',
      });
    }
    return id;
  }

  async checkReleasedMortgage(manager: EntityManager, mortgageId: string, unitId: string): Promise<void> {
    const [mortgage]: unknown[] = await manager.query(
      `SELECT 1 FROM mortgage WHERE id = $1 AND unit_id = $2 AND status = 'current'`,
      [mortgageId, unitId],
    );
    if (!mortgage) {
      throw ApiError.invalidField('mortgageId', 'currentOnUnit', {
        zh: '该抵押权不是本单元的现势抵押',
        en: 'the mortgage is not current on this unit',
      });
    }
  }

  /**
   * A material may reference only a file this user uploaded (staff may attach any), so nobody borrows another's
   * scan; and the file must be of a type and size the checklist allows for that material.
   */
  async checkFiles(
    manager: EntityManager,
    kind: RegistrationKind,
    materials: readonly { type: MaterialType; fileId: string }[],
    user: AuthenticatedUser,
    fieldOf: (index: number) => string = (index) => `materials[${index}].fileId`,
  ): Promise<void> {
    if (materials.length === 0) return;
    const staff = hasAnyRole(user, STAFF_ROLES);
    const files: {
      uploaded_by: string | null;
      allowed: boolean;
      allowed_types: string[] | null;
      max_bytes: string | null;
    }[] = await manager.query(
      `SELECT f.uploaded_by,
              r.allowed_types IS NULL OR (f.content_type = ANY (r.allowed_types) AND f.size_bytes <= r.max_bytes) AS allowed,
              r.allowed_types, r.max_bytes
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS s (file_id, material_type, position)
         LEFT JOIN stored_file f ON f.id = s.file_id
         LEFT JOIN LATERAL (
           SELECT array_agg(DISTINCT t) AS allowed_types, max(m.max_bytes) AS max_bytes
             FROM material_requirement m, unnest(m.allowed_content_types) t
            WHERE m.kind = $3 AND m.material_type = s.material_type
           HAVING count(*) > 0) r ON true
        ORDER BY s.position`,
      [materials.map((material) => material.fileId), materials.map((material) => material.type), kind],
    );
    for (const [index, file] of files.entries()) {
      if (file.uploaded_by === null || (!staff && file.uploaded_by !== user.id)) {
        throw ApiError.invalidField(fieldOf(index), 'uploadedByYou', {
          zh: '材料文件不存在或不是您上传的',
          en: 'no file with this id was uploaded by you',
        });
      }
      if (!file.allowed) {
        const types = file.allowed_types!.join(', ');
        const megabytes = Math.floor(Number(file.max_bytes) / 1024 / 1024);
        throw ApiError.invalidField(fieldOf(index), 'allowedForMaterial', {
          zh: `该材料只接受 ${types} 格式且不超过 ${megabytes} MB 的文件`,
          en: `this material accepts only ${types} files of at most ${megabytes} MB`,
        });
      }
    }
  }

  async insertMaterials(
    manager: EntityManager,
    applicationId: string,
    materials: { type: MaterialType; fileId: string }[],
    userId: string,
  ): Promise<void> {
    if (materials.length === 0) return;
    // A file named twice keeps its last type, as one insert after another would.
    const byFile = new Map(materials.map((material) => [material.fileId, material.type]));
    await manager.query(
      `INSERT INTO application_material (application_id, file_id, material_type, added_by)
       SELECT $1, file_id, material_type, $4 FROM unnest($2::uuid[], $3::text[]) AS m (file_id, material_type)
       ON CONFLICT (application_id, file_id) DO UPDATE SET material_type = EXCLUDED.material_type`,
      [applicationId, [...byFile.keys()], [...byFile.values()], userId],
    );
  }
}

function summary(row: ApplicationRow, applicantName: string): ApplicationSummary {
  return {
    id: row.id,
    applicationNumber: row.application_number,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    unitNumber: row.unit_number,
    districtCode: row.district_code,
    applicantName,
    precheckStatus: row.precheck_status,
    dueOn: row.due_on,
    overdue: row.due_on !== null && row.due_on < wuhaiDate(),
    assignedTo: row.assigned_to,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
