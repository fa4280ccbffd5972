import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, hasAnyRole } from '@app/common';
import { AppConfig, StorageConfig } from '@app/config';
import {
  AcceptanceReceiptDocument,
  OneTimeNoticeDocument,
  renderAcceptanceReceiptPdf,
  renderOneTimeNoticePdf,
  WindowDocumentBase,
  WindowDocumentParty,
} from '@app/documents';
import {
  Appearance,
  counterItems,
  endOfWuhaiDay,
  IntakeItem,
  isJointKind,
  materialsPresented,
  MaterialType,
  STATE_LABELS,
  wuhaiDate,
} from '@app/domain';
import { PartyInput, PartyService } from '@app/identity';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationTransitions, TransitionWrite, transferInFlightConflict } from './application-transitions';
import { ApplicationView } from './application-view';
import { ApplicationsService, NewApplication } from './applications.service';
import { AcceptanceService, CounterWindow } from './acceptance.service';
import { REGISTRATION_AUTHORITY } from './certificates.service';
import { DeadlinesService } from './deadlines.service';
import { precheckInputOf, PrecheckService } from './precheck.service';

/** One party of the application at the counter: in person, or through an agent with a power of attorney. */
export interface AppearanceInput {
  party: PartyInput;
  /** Absent when the party came in person. */
  agent?: { party: PartyInput; powerOfAttorneyFileId?: string };
  identityVerified: boolean;
  identityFileId?: string;
}

/** What the clerk records at the counter, whether the application is new or was filed before. */
export interface CounterPresentation {
  applicants: AppearanceInput[];
  /** The materials whose originals the clerk has seen, ticked item by item. */
  materialsChecked: MaterialType[];
  /** Scans of those materials. */
  materials: { type: MaterialType; fileId: string }[];
  /** When the clerk began serving these people; the daily report averages the handling time from it. */
  startedAt?: string;
}

export type NewWindowApplication = Omit<NewApplication, 'materials'> & CounterPresentation;

export interface IntakeReceipt {
  acceptanceNumber: string;
  pickupCode: string;
  /** The end of the last working day; null while the clock is stopped for a pre-emption decision. */
  dueAt: string | null;
  dueOn: string | null;
  provisional: boolean;
  pdfUrl: string;
}

export interface IntakeNotice {
  noticeNumber: string;
  items: IntakeItem[];
  pdfUrl: string;
}

export interface IntakeResult {
  status: 'accepted' | 'refused';
  intakeId: string;
  application: ApplicationView;
  receipt?: IntakeReceipt;
  notice?: IntakeNotice;
}

export interface PublicStatus {
  acceptanceNumber: string;
  status: ApplicationRow['status'];
  statusLabel: { zh: string; en: string };
  kind: ApplicationRow['kind'];
  acceptedAt: string;
  dueAt: string | null;
}

interface WindowRow extends CounterWindow {
  name: string;
  address: string;
  active: boolean;
}

interface ResolvedAppearance extends Appearance {
  agentIdentifierMasked: string | null;
}

/** The part of a window document fixed at the moment of the decision; numbers and codes are added when printing. */
type DocumentSnapshot = WindowDocumentBase & {
  timeLimitWorkingDays?: number;
  dueOn?: string | null;
  dueProvisional?: boolean;
};

interface IntakeRow {
  id: string;
  window_id: string;
  application_id: string;
  outcome: 'accepted' | 'refused';
  document_number: string;
  items: IntakeItem[];
  document: DocumentSnapshot;
  applicant_party_id: string;
  counterparty_party_id: string | null;
  pickup_code_ciphertext: Buffer | null;
}

const STATUS_NOT_FOUND = {
  zh: '受理编号或查询码不正确',
  en: 'No application with this acceptance number and pickup code',
};

/**
 * 窗口受理: a clerk files an application for the people at the counter, or takes in one filed online, and
 * decides on the spot with the same rules as the online pre-check plus what only the counter can see (who is
 * present, whose identity was checked). Either it is accepted with a receipt, or refused with a one-time notice
 * listing everything at once; the application is kept so it can be completed later.
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly parties: PartyService,
    private readonly precheck: PrecheckService,
    private readonly acceptance: AcceptanceService,
    private readonly transitions: ApplicationTransitions,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly app: AppConfig,
    private readonly storage: StorageConfig,
  ) {}

  async intake(
    input: NewWindowApplication,
    clerk: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<IntakeResult> {
    const startedAt = this.startedAt(input.startedAt);
    return this.decided(async (manager) => {
      const window = await this.counterWindow(manager, clerk);
      const [unit]: { id: string; district_code: string; right_id: string | null }[] = await manager.query(
        `SELECT u.id, u.district_code, r.id AS right_id
           FROM real_estate_unit u LEFT JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
          WHERE u.unit_number = $1`,
        [input.unitNumber],
      );
      if (!unit) {
        throw ApiError.invalidField('unitNumber', 'registered', {
          zh: '该不动产单元未在登记簿中登记',
          en: 'no unit with this number is in the register',
        });
      }
      const partyIds = await this.createInStableOrder(
        manager,
        input.applicants.map((applicant) => applicant.party),
      );
      this.checkDistinct(partyIds);
      const counterpartyId = await this.applications.counterparty(
        manager,
        input,
        '00000000-0000-0000-0000-000000000000',
      );
      // The applicant side is whoever at the counter is not the counter-party; the pre-check then asks whether
      // they hold the unit, so a wrong applicant is refused with a notice rather than an error.
      const applicantIndex = partyIds.findIndex((id) => id !== counterpartyId);
      if (applicantIndex < 0) {
        throw ApiError.invalidField('applicants', 'includesApplicant', {
          zh: '到场当事人中须包括申请人（权利人一方）',
          en: 'the applicants must include the applying side, not only the counter-party',
        });
      }
      if (input.kind === 'mortgage_release') {
        await this.applications.checkReleasedMortgage(manager, input.mortgageId!, unit.id);
      }
      await this.checkPresentationFiles(manager, input.kind, input, clerk);
      const applicationId = await this.applications.insertDraft(manager, input, {
        unit,
        applicantPartyId: partyIds[applicantIndex],
        counterpartyPartyId: counterpartyId,
        createdBy: clerk.id,
        windowId: window.id,
      });
      await this.audit.record(manager, {
        actor,
        action: 'application.created',
        entityType: 'registration_application',
        entityId: applicationId,
        data: { kind: input.kind, unitNumber: input.unitNumber, channel: 'window', windowCode: window.code },
      });
      const application = await this.row(manager, applicationId);
      const appearances = await this.appearances(manager, input.applicants, partyIds);
      return this.decide(manager, application, input, appearances, { window, clerk, actor, startedAt });
    });
  }

  /**
   * The same decision for an application that already exists: a window draft refused earlier and now
   * completed, or an online submission whose applicants brought the originals (found by its number).
   */
  async present(
    applicationId: string,
    presentation: CounterPresentation,
    clerk: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<IntakeResult> {
    const startedAt = this.startedAt(presentation.startedAt);
    return this.decided(async (manager) => {
      const window = await this.counterWindow(manager, clerk);
      // No row lock here: every write below is a guarded transition, and a mortgage's unit is locked before
      // the application row, in the same order as every other acceptance.
      const [application]: ApplicationRow[] = await manager.query(
        `${APPLICATION_SELECT}
          WHERE a.id = $1
            AND ((a.window_id = $2 AND a.status = 'draft' AND a.channel = 'window')
                 OR (a.window_id = $2 AND a.status = 'requisitioned')
                 OR (a.window_id IS NULL AND a.status = 'submitted' AND a.channel = 'online'))`,
        [applicationId, window.id],
      );
      if (!application) {
        const other = await this.applications.load(manager, applicationId, clerk);
        throw ApiError.conflict(
          {
            zh: `该申请当前状态为"${STATE_LABELS[other.status].zh}"，不能在窗口受理`,
            en: `The application is ${STATE_LABELS[other.status].en} and cannot be taken in at a window`,
          },
          { currentStatus: other.status },
        );
      }
      const partyIds: string[] = [];
      for (const [index, applicant] of presentation.applicants.entries()) {
        const party = await this.parties.findByIdentifier(manager, applicant.party);
        if (
          !party ||
          (party.id !== application.applicant_party_id && party.id !== application.counterparty_party_id)
        ) {
          throw ApiError.invalidField(`applicants[${index}].party`, 'partyOfApplication', {
            zh: '该当事人不是本申请的申请人或对方当事人',
            en: 'this party is neither the applicant nor the counter-party of the application',
          });
        }
        partyIds.push(party.id);
      }
      this.checkDistinct(partyIds);
      await this.checkPresentationFiles(
        manager,
        application.kind,
        presentation,
        clerk,
        await this.precheck.materialsOf(manager, application.id),
      );
      // Originals this window already checked at an earlier visit need not be brought again; an online
      // submission's uploads are not originals, so the clerk checks them now.
      const [{ earlier }]: { earlier: MaterialType[] }[] = await manager.query(
        `SELECT coalesce(array_agg(DISTINCT m), '{}') AS earlier
           FROM window_intake i, jsonb_array_elements_text(i.document -> 'materialsReceived') m
          WHERE i.application_id = $1 AND i.window_id = $2`,
        [application.id, window.id],
      );
      const appearances = await this.appearances(manager, presentation.applicants, partyIds);
      return this.decide(
        manager,
        application,
        { ...presentation, materialsChecked: [...earlier, ...presentation.materialsChecked] },
        appearances,
        { window, clerk, actor, startedAt },
      );
    });
  }

  /**
   * A clerk accepting an online submission through the workflow: the acceptance happens at the clerk's window,
   * so it gets a number, a receipt and a line in the window's day list like any other.
   */
  async acceptAtClerkWindow(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
    clerk: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<void> {
    const window = await this.counterWindow(manager, clerk);
    const materials = await this.precheck.materialsOf(manager, application.id);
    const accepted = await this.acceptance.accept(manager, application, write, actor, window);
    await this.recordAcceptance(manager, accepted, {
      channel: application.channel,
      window,
      clerk,
      actor,
      appearances: [],
      materialsReceived: materials,
      servedOn: wuhaiDate(),
      startedAt: accepted.accepted_at!,
    });
  }

  async document(intakeId: string, user: AuthenticatedUser): Promise<{ pdf: Buffer; filename: string }> {
    const [intake]: IntakeRow[] = await this.dataSource.query(
      `SELECT i.id, i.window_id, i.application_id, i.outcome, i.document_number, i.items, i.document,
              a.applicant_party_id, a.counterparty_party_id, a.pickup_code_ciphertext
         FROM window_intake i JOIN registration_application a ON a.id = i.application_id
        WHERE i.id = $1`,
      [intakeId],
    );
    const party = user.partyId;
    const allowed =
      intake &&
      (hasAnyRole(user, ['admin', 'auditor']) ||
        (hasAnyRole(user, ['clerk']) && user.windowId === intake.window_id) ||
        (party !== null && (party === intake.applicant_party_id || party === intake.counterparty_party_id)));
    if (!allowed) throw ApiError.notFound({ zh: '文书不存在或无权查看', en: 'Document not found' });
    const options = { fontPath: this.storage.documentFontPath };
    if (intake.outcome === 'accepted') {
      const pickupCode = this.acceptance.revealPickupCode(intake.pickup_code_ciphertext!);
      const receipt: AcceptanceReceiptDocument = {
        ...intake.document,
        acceptanceNumber: intake.document_number,
        timeLimitWorkingDays: intake.document.timeLimitWorkingDays!,
        dueOn: intake.document.dueOn ?? null,
        dueProvisional: intake.document.dueProvisional ?? false,
        pickupCode,
        statusUrl: this.statusUrl(intake.document_number, pickupCode),
      };
      return {
        pdf: await renderAcceptanceReceiptPdf(receipt, options),
        filename: `${intake.document_number}.pdf`,
      };
    }
    const notice: OneTimeNoticeDocument = {
      ...intake.document,
      noticeNumber: intake.document_number,
      items: intake.items,
    };
    return { pdf: await renderOneTimeNoticePdf(notice, options), filename: `${intake.document_number}.pdf` };
  }

  /** The public status query printed on the receipt; without the right pickup code nothing is revealed. */
  async publicStatus(acceptanceNumber: string, code: string): Promise<PublicStatus> {
    const [row]: {
      status: ApplicationRow['status'];
      kind: ApplicationRow['kind'];
      accepted_at: Date;
      due_on: string | null;
      pickup_code_hmac: Buffer;
    }[] = await this.dataSource.query(
      `SELECT status, kind, accepted_at, due_on, pickup_code_hmac FROM registration_application
        WHERE acceptance_number = $1`,
      [acceptanceNumber],
    );
    if (!row || !this.acceptance.pickupCodeMatches(acceptanceNumber, code, row.pickup_code_hmac)) {
      throw ApiError.notFound(STATUS_NOT_FOUND);
    }
    return {
      acceptanceNumber,
      status: row.status,
      statusLabel: STATE_LABELS[row.status],
      kind: row.kind,
      acceptedAt: row.accepted_at.toISOString(),
      dueAt: row.due_on ? endOfWuhaiDay(row.due_on) : null,
    };
  }

  private async decide(
    manager: EntityManager,
    application: ApplicationRow,
    presentation: CounterPresentation,
    appearances: ResolvedAppearance[],
    counter: {
      window: WindowRow;
      clerk: AuthenticatedUser;
      actor: AuditActor & { id: string };
      startedAt: Date;
    },
  ): Promise<IntakeResult> {
    const { window, clerk, actor, startedAt } = counter;
    // One day for the number, the report and the day list, even for an intake that spans midnight.
    const servedOn = wuhaiDate();
    if (application.kind === 'mortgage' && application.mortgage_rank === null) {
      await manager.query(`SELECT id FROM real_estate_unit WHERE id = $1 FOR UPDATE`, [application.unit_id]);
    }
    await this.applications.insertMaterials(manager, application.id, this.scans(presentation), clerk.id);
    const names = await this.partyNames(manager, application);
    const materials = materialsPresented(presentation.materialsChecked, appearances);
    const result = await this.precheck.evaluate(
      manager,
      precheckInputOf(
        application,
        materials,
        appearances.some((appearance) => appearance.agentName !== null),
      ),
    );
    const items: IntakeItem[] = [
      ...counterItems({
        kind: application.kind,
        applicantPartyId: application.applicant_party_id,
        counterpartyPartyId: application.counterparty_party_id,
        applicantName: names.get(application.applicant_party_id)!,
        counterpartyName: application.counterparty_party_id
          ? names.get(application.counterparty_party_id)!
          : null,
        counterpartyConfirmed: application.counterparty_confirmed_at !== null,
        appearances,
      }),
      ...result.findings
        .filter((finding) => finding.severity === 'block')
        .map((finding) => ({ code: finding.code, message: finding.message })),
    ];
    const checked = presentation.materialsChecked.filter((type, index, all) => all.indexOf(type) === index);
    if (items.length > 0) {
      const document = await this.snapshot(
        manager,
        application,
        window,
        clerk,
        appearances,
        checked,
        new Date(),
      );
      const noticeNumber = await this.acceptance.nextWindowNumber(manager, window, 'notice', servedOn);
      const intakeId = await this.recordIntake(manager, {
        window,
        clerk,
        application,
        channel: application.channel,
        outcome: 'refused',
        documentNumber: noticeNumber,
        servedOn,
        startedAt,
        items,
        document,
      });
      await this.audit.record(manager, {
        actor,
        action: 'intake.refused',
        entityType: 'registration_application',
        entityId: application.id,
        reason: '一次性告知 / one-time notice',
        data: {
          applicationNumber: application.application_number,
          windowCode: window.code,
          clerk: clerk.username,
          noticeNumber,
          items: items.map((item) => item.code),
        },
      });
      return {
        status: 'refused',
        intakeId,
        application: await this.view(manager, application.id, clerk),
        notice: { noticeNumber, items, pdfUrl: this.pdfUrl(intakeId) },
      };
    }
    const precheckColumns = {
      precheck_status: 'passed',
      precheck_findings: JSON.stringify(result.findings),
      prechecked_at: new Date(),
      preemption_required: result.preemptionRequired,
    };
    let submitted = application;
    if (application.status === 'requisitioned') {
      // The applicant answers the requisition at the counter; the clerk files the answer for them.
      submitted = await this.transitions.apply(manager, application, {
        action: 'resubmit',
        to: 'submitted',
        actor,
        comment: `当事人到${window.name}补正 / requisition answered at the window`,
        changes: {
          ...precheckColumns,
          submission_round: application.submission_round + 1,
          submitted_at: new Date(),
        },
        auditData: { windowCode: window.code },
      });
      await this.deadlines.resume(manager, submitted.id);
    } else if (application.status === 'draft') {
      submitted = await this.transitions.apply(manager, application, {
        action: 'submit',
        to: 'submitted',
        actor,
        comment: `当事人到${window.name}提交申请 / filed at the window`,
        changes: {
          ...precheckColumns,
          submission_round: application.submission_round + 1,
          submitted_at: new Date(),
          // Both sides stood at the counter (or their agents did), which is the window's joint confirmation.
          ...(isJointKind(application.kind) && application.counterparty_confirmed_at === null
            ? { counterparty_confirmed_at: new Date(), counterparty_confirmed_by: clerk.id }
            : {}),
        },
        auditData: { windowCode: window.code },
      });
    }
    const accepted = await this.acceptance.accept(
      manager,
      submitted,
      {
        action: 'accept',
        to: 'accepted',
        actor,
        comment: `${window.name}当场受理 / accepted at the window`,
        changes: application.status === 'submitted' ? precheckColumns : {},
      },
      actor,
      window,
    );
    const { intakeId, acceptanceNumber, pickupCode } = await this.recordAcceptance(manager, accepted, {
      channel: application.channel,
      window,
      clerk,
      actor,
      appearances,
      materialsReceived: checked,
      servedOn,
      startedAt,
    });
    const dueOn = accepted.due_on;
    return {
      status: 'accepted',
      intakeId,
      application: await this.view(manager, application.id, clerk),
      receipt: {
        acceptanceNumber,
        pickupCode,
        dueAt: dueOn ? endOfWuhaiDay(dueOn) : null,
        dueOn,
        provisional: accepted.due_provisional,
        pdfUrl: this.pdfUrl(intakeId),
      },
    };
  }

  /**
   * The receipt's half of an acceptance: the document as it stands, then the number (the window's counter row
   * stays locked from here to the commit, so this comes last), the day-list row and the audit event.
   */
  private async recordAcceptance(
    manager: EntityManager,
    accepted: ApplicationRow,
    counter: {
      channel: ApplicationRow['channel'];
      window: WindowRow;
      clerk: AuthenticatedUser;
      actor: AuditActor;
      appearances: ResolvedAppearance[];
      materialsReceived: MaterialType[];
      servedOn: string;
      startedAt: Date;
    },
  ): Promise<{ intakeId: string; acceptanceNumber: string; pickupCode: string }> {
    const { window, clerk, servedOn } = counter;
    const document = await this.snapshot(
      manager,
      accepted,
      window,
      clerk,
      counter.appearances,
      counter.materialsReceived,
      accepted.accepted_at!,
    );
    const { acceptanceNumber, pickupCode } = await this.acceptance.numberAcceptance(
      manager,
      accepted,
      window,
      servedOn,
    );
    const intakeId = await this.recordIntake(manager, {
      window,
      clerk,
      application: accepted,
      channel: counter.channel,
      outcome: 'accepted',
      documentNumber: acceptanceNumber,
      servedOn,
      startedAt: counter.startedAt,
      items: [],
      document,
    });
    await this.audit.record(manager, {
      actor: counter.actor,
      action: 'intake.accepted',
      entityType: 'registration_application',
      entityId: accepted.id,
      data: {
        applicationNumber: accepted.application_number,
        windowCode: window.code,
        clerk: clerk.username,
        acceptanceNumber,
      },
    });
    return { intakeId, acceptanceNumber, pickupCode };
  }

  /** One transaction per counter decision; a second transfer of a unit already in flight is a 409. */
  private async decided(work: (manager: EntityManager) => Promise<IntakeResult>): Promise<IntakeResult> {
    try {
      return await this.audit.transaction(work);
    } catch (error) {
      throw transferInFlightConflict(error) ?? error;
    }
  }

  private async recordIntake(
    manager: EntityManager,
    intake: {
      window: CounterWindow;
      clerk: AuthenticatedUser;
      application: ApplicationRow;
      channel: ApplicationRow['channel'];
      outcome: 'accepted' | 'refused';
      documentNumber: string;
      servedOn: string;
      startedAt: Date;
      items: IntakeItem[];
      document: DocumentSnapshot;
    },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO window_intake
         (window_id, clerk_id, application_id, kind, channel, outcome, document_number, served_on, started_at,
          items, document)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, least($9::timestamptz, clock_timestamp()), $10, $11) RETURNING id`,
      [
        intake.window.id,
        intake.clerk.id,
        intake.application.id,
        intake.application.kind,
        intake.channel,
        intake.outcome,
        intake.documentNumber,
        intake.servedOn,
        intake.startedAt,
        JSON.stringify(intake.items),
        JSON.stringify(intake.document),
      ],
    );
    return row.id;
  }

  private async snapshot(
    manager: EntityManager,
    application: ApplicationRow,
    window: WindowRow | CounterWindow,
    clerk: AuthenticatedUser,
    appearances: ResolvedAppearance[],
    materialsReceived: MaterialType[],
    issuedAt: Date,
  ): Promise<DocumentSnapshot> {
    const [facts]: { location: string; clerk_name: string; window_name: string; window_address: string }[] =
      await manager.query(
        `SELECT u.location, c.display_name AS clerk_name, w.name AS window_name, w.address AS window_address
           FROM real_estate_unit u, app_user c, acceptance_window w
          WHERE u.id = $1 AND c.id = $2 AND w.id = $3`,
        [application.unit_id, clerk.id, window.id],
      );
    const partyRows: { id: string; name: string; identifier: string }[] = await manager.query(
      `SELECT id, name, coalesce(id_number_masked, uscc) AS identifier FROM party WHERE id = ANY ($1::uuid[])`,
      [[application.applicant_party_id, application.counterparty_party_id].filter(Boolean)],
    );
    const parties: WindowDocumentParty[] = (
      [
        ['applicant', application.applicant_party_id],
        ['counterparty', application.counterparty_party_id],
      ] as const
    )
      .filter((entry): entry is ['applicant' | 'counterparty', string] => entry[1] !== null)
      .map(([role, id]) => {
        const party = partyRows.find((row) => row.id === id)!;
        const appearance = appearances.find((candidate) => candidate.partyId === id);
        return {
          role,
          name: party.name,
          identifierMasked: party.identifier,
          agent:
            appearance?.agentName && appearance.agentIdentifierMasked
              ? { name: appearance.agentName, identifierMasked: appearance.agentIdentifierMasked }
              : null,
        };
      });
    return {
      applicationNumber: application.application_number,
      registrationKind: application.kind,
      unitNumber: application.unit_number,
      location: facts.location,
      windowName: facts.window_name,
      windowAddress: facts.window_address,
      clerkName: facts.clerk_name,
      parties,
      materialsReceived,
      issuedAt: issuedAt.toISOString(),
      registrationAuthority: REGISTRATION_AUTHORITY,
      ...(application.accepted_at
        ? {
            timeLimitWorkingDays: application.time_limit_days!,
            dueOn: application.due_on,
            dueProvisional: application.due_provisional,
          }
        : {}),
    };
  }

  private async appearances(
    manager: EntityManager,
    applicants: AppearanceInput[],
    partyIds: string[],
  ): Promise<ResolvedAppearance[]> {
    const resolved: ResolvedAppearance[] = [];
    for (const [index, applicant] of applicants.entries()) {
      const agent = applicant.agent ? await this.parties.findOrCreate(manager, applicant.agent.party) : null;
      resolved.push({
        partyId: partyIds[index],
        partyName: applicant.party.name.trim(),
        agentName: agent?.name ?? null,
        agentIdentifierMasked: agent ? (agent.idNumberMasked ?? agent.uscc) : null,
        powerOfAttorneyPresented: !!applicant.agent?.powerOfAttorneyFileId,
        identityVerified: applicant.identityVerified,
        identityScanned: !!applicant.identityFileId,
      });
    }
    return resolved;
  }

  /** Every scan the clerk attached (the materials, the ID documents, the powers of attorney) and its field. */
  private scans(presentation: CounterPresentation): { type: MaterialType; fileId: string; field: string }[] {
    return [
      ...presentation.materials.map((material, index) => ({
        ...material,
        field: `materials[${index}].fileId`,
      })),
      ...presentation.applicants.flatMap((applicant, index) => [
        ...(applicant.identityFileId
          ? [
              {
                type: 'identity' as const,
                fileId: applicant.identityFileId,
                field: `applicants[${index}].identityFileId`,
              },
            ]
          : []),
        ...(applicant.agent?.powerOfAttorneyFileId
          ? [
              {
                type: 'power_of_attorney' as const,
                fileId: applicant.agent.powerOfAttorneyFileId,
                field: `applicants[${index}].agent.powerOfAttorneyFileId`,
              },
            ]
          : []),
      ]),
    ];
  }

  /** A ticked material must have its scan; the file rules of the checklist apply to every scan. */
  private async checkPresentationFiles(
    manager: EntityManager,
    kind: ApplicationRow['kind'],
    presentation: CounterPresentation,
    clerk: AuthenticatedUser,
    alreadyScanned: readonly MaterialType[] = [],
  ): Promise<void> {
    const scans = this.scans(presentation);
    await this.applications.checkFiles(manager, kind, scans, clerk, (index) => scans[index].field);
    const scanned = new Set([...alreadyScanned, ...scans.map((scan) => scan.type)]);
    const unscanned = presentation.materialsChecked.findIndex((type) => !scanned.has(type));
    if (unscanned >= 0) {
      throw ApiError.invalidField(`materialsChecked[${unscanned}]`, 'scanned', {
        zh: '已收取的材料须上传扫描件',
        en: 'every material ticked as received needs its scan in materials',
      });
    }
  }

  /**
   * Parties are created in the order of their identifiers, not of the request, so two intakes naming the same
   * new people cannot each hold one insert and wait for the other's.
   */
  private async createInStableOrder(manager: EntityManager, parties: PartyInput[]): Promise<string[]> {
    const identifier = (party: PartyInput) => (party.kind === 'person' ? party.idNumber : party.uscc);
    const order = parties
      .map((party, index) => ({ party, index }))
      .sort((a, b) => identifier(a.party).localeCompare(identifier(b.party)));
    const ids: string[] = new Array<string>(parties.length);
    for (const { party, index } of order) ids[index] = (await this.parties.findOrCreate(manager, party)).id;
    return ids;
  }

  private checkDistinct(partyIds: string[]): void {
    const duplicate = partyIds.findIndex((id, index) => partyIds.indexOf(id) !== index);
    if (duplicate >= 0) {
      throw ApiError.invalidField(`applicants[${duplicate}].party`, 'unique', {
        zh: '同一当事人重复登记到场',
        en: 'the same party appears twice',
      });
    }
  }

  private async counterWindow(manager: EntityManager, clerk: AuthenticatedUser): Promise<WindowRow> {
    const [window]: WindowRow[] = clerk.windowId
      ? await manager.query(`SELECT id, code, name, address, active FROM acceptance_window WHERE id = $1`, [
          clerk.windowId,
        ])
      : [];
    if (!window) {
      throw ApiError.forbidden({ zh: '您未被分配到受理窗口', en: 'You are not assigned to a window' });
    }
    if (!window.active) {
      throw ApiError.conflict(
        { zh: '您所在的窗口已停用，不能受理', en: 'Your window is deactivated and cannot take applications' },
        { reason: 'window_inactive' },
      );
    }
    return window;
  }

  private async partyNames(
    manager: EntityManager,
    application: ApplicationRow,
  ): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(
      `SELECT id, name FROM party WHERE id = ANY ($1::uuid[])`,
      [[application.applicant_party_id, application.counterparty_party_id].filter(Boolean)],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  private startedAt(value: string | undefined): Date {
    if (value === undefined) return new Date();
    const startedAt = new Date(value);
    const now = Date.now();
    if (
      Number.isNaN(startedAt.getTime()) ||
      startedAt.getTime() > now + 60_000 ||
      startedAt.getTime() < now - 24 * 3600_000
    ) {
      throw ApiError.invalidField('startedAt', 'withinLastDay', {
        zh: '开始办理时间须在过去 24 小时内',
        en: 'startedAt must lie within the last 24 hours',
      });
    }
    return startedAt;
  }

  private async row(manager: EntityManager, applicationId: string): Promise<ApplicationRow> {
    const [row]: ApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1`, [
      applicationId,
    ]);
    return row;
  }

  private async view(manager: EntityManager, applicationId: string, clerk: AuthenticatedUser) {
    return this.applications.view(
      manager,
      await this.applications.load(manager, applicationId, clerk),
      clerk,
    );
  }

  private pdfUrl(intakeId: string): string {
    return `/api/v1/intake/${intakeId}/pdf`;
  }

  private statusUrl(acceptanceNumber: string, pickupCode: string): string {
    return `${this.app.publicBaseUrl.replace(/\/$/, '')}/api/v1/public/status/${acceptanceNumber}?code=${pickupCode}`;
  }
}
