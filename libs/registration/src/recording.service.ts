import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor } from '@app/audit';
import { ApiError } from '@app/common';
import { updateReturning } from '@app/db';
import { CertificateSeries, formatCertificateNumber, IN_FLIGHT_STATES, wuhaiDate } from '@app/domain';
import { OutboxService } from '@app/queue';
import { ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';

interface MaskedHolder {
  name: string;
  identifierMasked: string;
  share: string;
}

/**
 * 登簿: one transaction that holds the unit's row lock while it changes the register, takes the next
 * certificate number of the year and series, and moves the application to `recorded`. Anything that would make
 * two applications conflict is checked under that lock: acceptance order on the unit, and the right the
 * application was made against still being the current one.
 */
@Injectable()
export class RecordingService {
  constructor(
    private readonly transitions: ApplicationTransitions,
    private readonly outbox: OutboxService,
    private readonly notifier: ApplicationNotifier,
  ) {}

  async record(
    manager: EntityManager,
    application: ApplicationRow,
    actor: AuditActor & { id: string },
  ): Promise<ApplicationRow> {
    // Asked once before queueing for the unit's lock, so that out-of-order attempts are refused at once instead
    // of waiting behind the recording they would have to follow anyway; asked again under the lock.
    await this.refuseIfEarlierPending(manager, application);
    await manager.query(`SELECT id FROM real_estate_unit WHERE id = $1 FOR UPDATE`, [application.unit_id]);
    await this.refuseIfEarlierPending(manager, application);
    const [right]: { id: string }[] = await manager.query(
      `SELECT id FROM use_right WHERE unit_id = $1 AND status = 'current'`,
      [application.unit_id],
    );
    if (!right || right.id !== application.right_id) {
      throw ApiError.conflict(
        {
          zh: '申请所依据的权利已发生变化（另一转移登记已登簿），不能登簿，请驳回',
          en: 'The right this application was made against has changed (another transfer was recorded); reject it instead',
        },
        { reason: 'right_changed', currentStatus: application.status },
      );
    }

    const series: CertificateSeries = application.kind === 'transfer' ? 'right' : 'proof';
    const certificateNumber = await this.nextCertificateNumber(manager, series);
    await this.changeRegister(manager, application, right.id, certificateNumber);
    const holders = await this.certificateHolders(manager, application, series);
    await manager.query(
      `INSERT INTO certificate (number, series, year, sequence, status, application_id, unit_id, kind, holders_masked)
       SELECT $1, $2, $3, $4, 'valid', $5, $6, $7, $8`,
      [
        certificateNumber.number,
        series,
        certificateNumber.year,
        certificateNumber.sequence,
        application.id,
        application.unit_id,
        application.kind,
        JSON.stringify(holders),
      ],
    );
    const recorded = await this.transitions.apply(manager, application, {
      action: 'record',
      to: 'recorded',
      actor,
      changes: {
        certificate_number: certificateNumber.number,
        recorded_at: new Date(),
        recorded_by: actor.id,
        assigned_to: null,
        assigned_stage: null,
      },
      auditData: { certificateNumber: certificateNumber.number, unitNumber: application.unit_number },
    });
    await this.outbox.enqueue(manager, 'certificate.issue', { applicationId: application.id });
    if (application.kind === 'transfer' || application.kind === 'lease') {
      await this.outbox.enqueue(manager, 'announcement.publish', { applicationId: application.id });
    }
    await this.notifier.notify(
      manager,
      recorded,
      ['parties'],
      'application.recorded',
      '已登簿 / Recorded',
      `已记载于不动产登记簿，证书号 ${certificateNumber.number} / recorded in the register`,
    );
    return recorded;
  }

  private async refuseIfEarlierPending(manager: EntityManager, application: ApplicationRow): Promise<void> {
    const [earlier]: { application_number: string; status: string }[] = await manager.query(
      `SELECT application_number, status FROM registration_application
        WHERE unit_id = $1 AND id <> $2 AND acceptance_seq < $3 AND status = ANY ($4)
        ORDER BY acceptance_seq LIMIT 1`,
      [application.unit_id, application.id, application.acceptance_seq, IN_FLIGHT_STATES],
    );
    if (earlier) {
      throw ApiError.conflict(
        {
          zh: `同一单元上先受理的申请 ${earlier.application_number} 尚未登簿，须按受理顺序登簿`,
          en: `Application ${earlier.application_number} on the same unit was accepted earlier and is not recorded yet; recording follows acceptance order`,
        },
        {
          reason: 'earlier_application_pending',
          applicationNumber: earlier.application_number,
          currentStatus: application.status,
        },
      );
    }
  }

  private async nextCertificateNumber(
    manager: EntityManager,
    series: CertificateSeries,
  ): Promise<{ number: string; year: number; sequence: number }> {
    const year = Number(wuhaiDate().slice(0, 4));
    const [row]: { last_sequence: number }[] = await manager.query(
      `INSERT INTO certificate_counter (series, year, last_sequence) VALUES ($1, $2, 1)
       ON CONFLICT (series, year) DO UPDATE SET last_sequence = certificate_counter.last_sequence + 1
       RETURNING last_sequence`,
      [series, year],
    );
    return {
      number: formatCertificateNumber({ series, year, sequence: row.last_sequence }),
      year,
      sequence: row.last_sequence,
    };
  }

  private async changeRegister(
    manager: EntityManager,
    application: ApplicationRow,
    rightId: string,
    certificate: { number: string },
  ): Promise<void> {
    switch (application.kind) {
      case 'transfer': {
        const ended = await updateReturning(
          manager,
          `UPDATE use_right SET status = 'historic', ended_at = now() WHERE id = $1 AND status = 'current' RETURNING id`,
          [rightId],
        );
        if (ended.length !== 1) throw new Error(`Right ${rightId} stopped being current under the unit lock`);
        const [created]: { id: string }[] = await manager.query(
          `INSERT INTO use_right (unit_id, certificate_number, status, predecessor_id)
           VALUES ($1, $2, 'current', $3) RETURNING id`,
          [application.unit_id, certificate.number, rightId],
        );
        await manager.query(`INSERT INTO right_holder (right_id, party_id, share) VALUES ($1, $2, 1)`, [
          created.id,
          application.counterparty_party_id,
        ]);
        return;
      }
      case 'lease':
        await manager.query(
          `INSERT INTO lease (unit_id, lessee_party_id, term_start, term_end, annual_rent, allocated_land_income, status)
           SELECT $1, $2, $3, $4, $5, u.right_type = 'allocated', 'current' FROM real_estate_unit u WHERE u.id = $1`,
          [
            application.unit_id,
            application.counterparty_party_id,
            application.lease_start,
            application.lease_end,
            application.annual_rent,
          ],
        );
        return;
      case 'mortgage':
        await manager.query(
          `INSERT INTO mortgage (unit_id, mortgagee_party_id, amount, max_amount, rank, term_start, term_end, status,
                                 certificate_number, allocated_land_fee_first)
           SELECT $1, $2, $3, $4, $5, $6, $7, 'current', $8, u.right_type = 'allocated'
             FROM real_estate_unit u WHERE u.id = $1`,
          [
            application.unit_id,
            application.counterparty_party_id,
            application.mortgage_amount,
            application.mortgage_max_amount,
            application.mortgage_rank,
            application.mortgage_start,
            application.mortgage_end,
            certificate.number,
          ],
        );
        return;
      case 'mortgage_release': {
        const released = await updateReturning(
          manager,
          `UPDATE mortgage SET status = 'released', released_at = now()
            WHERE id = $1 AND unit_id = $2 AND status = 'current' RETURNING id`,
          [application.released_mortgage_id, application.unit_id],
        );
        if (released.length !== 1) {
          throw ApiError.conflict(
            {
              zh: '该抵押权已不是现势抵押，无法注销',
              en: 'The mortgage is no longer current; nothing to release',
            },
            { reason: 'mortgage_not_current', currentStatus: application.status },
          );
        }
        return;
      }
    }
  }

  /** Who the certificate names: the right's holders after a transfer; the other party of a proof. */
  private async certificateHolders(
    manager: EntityManager,
    application: ApplicationRow,
    series: CertificateSeries,
  ): Promise<MaskedHolder[]> {
    if (series === 'right') {
      return manager.query(
        `SELECT p.name, coalesce(p.id_number_masked, p.uscc) AS "identifierMasked", h.share::text AS share
             FROM use_right r JOIN right_holder h ON h.right_id = r.id JOIN party p ON p.id = h.party_id
            WHERE r.unit_id = $1 AND r.status = 'current' ORDER BY h.share DESC, p.name`,
        [application.unit_id],
      );
    }
    return manager.query(
      `SELECT p.name, coalesce(p.id_number_masked, p.uscc) AS "identifierMasked", '1' AS share FROM party p WHERE p.id = $1`,
      [application.counterparty_party_id ?? application.applicant_party_id],
    );
  }
}
