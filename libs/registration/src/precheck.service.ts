import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import {
  ApplicationSituation,
  MaterialType,
  missingMaterials,
  PrecheckFacts,
  PrecheckResult,
  runPrecheck,
  wuhaiDate,
} from '@app/domain';
import { BenchmarkPricesService, MaterialChecklistService, SettingsService } from '@app/registry';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';

export type PrecheckOutcome = 'passed' | 'requisitioned' | 'stale';

interface UnitFacts {
  unit_number: string;
  right_type: 'granted' | 'allocated';
  term_end: string | null;
  area_m2: string;
  grant_fee_paid: boolean;
  investment_ratio: string;
  taken_back_at: string | null;
  current_right_id: string | null;
  holder_party_ids: string[];
  mortgaged: boolean;
  leased: boolean;
}

/** What the pre-check needs beyond the application row; window intake passes its own materials and agent. */
export interface PrecheckInput {
  kind: ApplicationRow['kind'];
  unitId: string;
  applicantPartyId: string;
  counterpartyPartyId: string | null;
  materials: readonly MaterialType[];
  agentPresent: boolean;
  declaredPrice: string | null;
  leaseTerm: { start: string; end: string } | null;
  mortgageTerm: { start: string; end: string } | null;
  releasedMortgageId: string | null;
}

/** The pre-check's reading of an application; the caller says which materials count and whether an agent acted. */
export function precheckInputOf(
  application: ApplicationRow,
  materials: readonly MaterialType[],
  agentPresent: boolean,
): PrecheckInput {
  return {
    kind: application.kind,
    unitId: application.unit_id,
    applicantPartyId: application.applicant_party_id,
    counterpartyPartyId: application.counterparty_party_id,
    materials,
    agentPresent,
    declaredPrice: application.declared_price,
    leaseTerm:
      application.lease_start && application.lease_end
        ? { start: application.lease_start, end: application.lease_end }
        : null,
    mortgageTerm:
      application.mortgage_start && application.mortgage_end
        ? { start: application.mortgage_start, end: application.mortgage_end }
        : null,
    releasedMortgageId: application.released_mortgage_id,
  };
}

/**
 * Evaluates DOMAIN.md's rules against one snapshot of the register. The online channel runs it as a job after
 * each submission; the window runs the same evaluation synchronously.
 */
@Injectable()
export class PrecheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly checklist: MaterialChecklistService,
    private readonly benchmarks: BenchmarkPricesService,
    private readonly transitions: ApplicationTransitions,
    private readonly notifier: ApplicationNotifier,
    private readonly audit: AuditService,
  ) {}

  async evaluate(manager: EntityManager, input: PrecheckInput): Promise<PrecheckResult> {
    const today = wuhaiDate();
    const [unit]: UnitFacts[] = await manager.query(
      `SELECT u.unit_number, u.right_type, u.term_end, u.area_m2, u.grant_fee_paid, u.investment_ratio,
              u.taken_back_at, r.id AS current_right_id,
              coalesce((SELECT array_agg(h.party_id) FROM right_holder h WHERE h.right_id = r.id), '{}') AS holder_party_ids,
              EXISTS (SELECT 1 FROM mortgage m WHERE m.unit_id = u.id AND m.status = 'current') AS mortgaged,
              EXISTS (SELECT 1 FROM lease l WHERE l.unit_id = u.id AND l.status = 'current') AS leased
         FROM real_estate_unit u
         LEFT JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
        WHERE u.id = $1`,
      [input.unitId],
    );
    const restrictions: {
      kind: 'seizure' | 'objection' | 'idle';
      reference: string;
      disposal_status: string | null;
    }[] = await manager.query(
      `SELECT kind, reference, disposal_status FROM restriction
          WHERE unit_id = $1 AND lifted_at IS NULL AND (end_date IS NULL OR end_date >= $2)
          ORDER BY start_date, created_at, id`,
      [input.unitId, today],
    );
    const partyKinds: { kind: 'person' | 'organization' }[] = await manager.query(
      `SELECT DISTINCT kind FROM party WHERE id = ANY ($1::uuid[])`,
      [[input.applicantPartyId, input.counterpartyPartyId].filter(Boolean)],
    );
    const situation: ApplicationSituation = {
      kind: input.kind,
      partyKinds: partyKinds.map((row) => row.kind),
      rightType: unit.right_type,
      agentPresent: input.agentPresent,
      coOwned: unit.holder_party_ids.length > 1,
      mortgaged: unit.mortgaged,
      mortgageeConsentRequired: await this.settings.get('transfer.mortgageeConsentRequired'),
      leased: unit.leased,
      idleLandDisposed: restrictions.some((r) => r.kind === 'idle' && r.disposal_status !== 'pending'),
    };
    const rules = await this.checklist.rows(input.kind);
    let releasedMortgageCurrent: boolean | null = null;
    if (input.releasedMortgageId) {
      const [mortgage]: unknown[] = await manager.query(
        `SELECT 1 FROM mortgage WHERE id = $1 AND unit_id = $2 AND status = 'current'`,
        [input.releasedMortgageId, input.unitId],
      );
      releasedMortgageCurrent = !!mortgage;
    }
    const benchmark =
      input.kind === 'transfer' ? await this.benchmarks.forUnit(unit.unit_number, today) : null;
    const facts: PrecheckFacts = {
      kind: input.kind,
      today,
      unit: {
        rightType: unit.right_type,
        termEnd: unit.term_end,
        areaM2: unit.area_m2,
        grantFeePaid: unit.grant_fee_paid,
        investmentRatio: unit.investment_ratio,
        takenBackAt: unit.taken_back_at,
      },
      hasCurrentRight: unit.current_right_id !== null,
      applicantIsHolder: unit.holder_party_ids.includes(input.applicantPartyId),
      restrictions: restrictions.map((r) => ({
        kind: r.kind,
        reference: r.reference,
        disposalStatus: r.disposal_status,
      })),
      missingMaterials: missingMaterials(rules, situation, input.materials),
      declaredPrice: input.declaredPrice,
      benchmarkPricePerM2: benchmark?.pricePerM2 ?? null,
      leaseTerm: input.leaseTerm,
      mortgageTerm: input.mortgageTerm,
      releasedMortgageCurrent,
      settings: {
        investmentThreshold: await this.settings.get('transfer.investmentThreshold'),
        preemptionPriceRatio: await this.settings.get('preemption.priceRatio'),
      },
    };
    return runPrecheck(facts);
  }

  async materialsOf(manager: EntityManager, applicationId: string): Promise<MaterialType[]> {
    const rows: { material_type: MaterialType }[] = await manager.query(
      `SELECT DISTINCT material_type FROM application_material WHERE application_id = $1`,
      [applicationId],
    );
    return rows.map((row) => row.material_type);
  }

  /**
   * The job: only the submission round it was queued for, and only while that round is still pending, so a
   * retry or a duplicate delivery finds nothing to do.
   */
  async run(applicationId: string, round: number): Promise<PrecheckOutcome> {
    return this.audit.transaction(async (manager) => {
      const [application]: ApplicationRow[] = await manager.query(
        `${APPLICATION_SELECT} WHERE a.id = $1 FOR UPDATE OF a`,
        [applicationId],
      );
      if (
        !application ||
        application.status !== 'submitted' ||
        application.submission_round !== round ||
        application.precheck_status !== 'pending'
      ) {
        return 'stale';
      }
      const result = await this.evaluate(
        manager,
        precheckInputOf(application, await this.materialsOf(manager, application.id), false),
      );
      const recorded = {
        precheck_status: result.status,
        precheck_findings: JSON.stringify(result.findings),
        prechecked_at: new Date(),
        preemption_required: result.preemptionRequired,
      };
      if (result.status === 'passed') {
        await manager.query(
          `UPDATE registration_application
              SET precheck_status = $2, precheck_findings = $3, prechecked_at = $4, preemption_required = $5,
                  version = version + 1, updated_at = now()
            WHERE id = $1`,
          [
            application.id,
            recorded.precheck_status,
            recorded.precheck_findings,
            recorded.prechecked_at,
            recorded.preemption_required,
          ],
        );
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR,
          action: 'application.prechecked',
          entityType: 'registration_application',
          entityId: application.id,
          data: {
            applicationNumber: application.application_number,
            round,
            status: result.status,
            findings: result.findings.map((finding) => finding.code),
            preemptionRequired: result.preemptionRequired,
          },
        });
        await this.notifier.notify(
          manager,
          application,
          ['district_staff'],
          'application.ready_for_acceptance',
          '待受理申请 / Application ready for acceptance',
          '自动预审通过，等待受理 / pre-check passed, awaiting acceptance',
        );
        return 'passed';
      }
      const missingItems = result.findings
        .filter((finding) => finding.severity === 'block')
        .map((finding) => `${finding.message.zh} / ${finding.message.en}`);
      const requisitioned = await this.transitions.apply(manager, application, {
        action: 'requisition',
        to: 'requisitioned',
        actor: SYSTEM_ACTOR,
        comment: '自动预审发现以下问题，请一次性补正 / the automatic pre-check found the problems listed',
        missingItems,
        changes: recorded,
        auditData: { findings: result.findings.map((finding) => finding.code) },
      });
      await this.notifier.requisitioned(manager, requisitioned, missingItems);
      return 'requisitioned';
    });
  }
}
