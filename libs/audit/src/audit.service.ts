import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditEventEntity } from '@app/db';
import { auditEventHash, GENESIS_HASH } from './audit-hash';

/** Fixed key of the transaction-scoped advisory lock that serialises appends to the chain. */
const AUDIT_CHAIN_LOCK_KEY = 7_245_110_002;
const VERIFY_BATCH_SIZE = 2000;

export interface AuditActor {
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  reason?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditVerification {
  valid: boolean;
  events: number;
  firstBrokenAt?: { id: string; occurredAt: string; action: string };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Transactions opened by `transaction()`: their events wait until the work is done. */
  private readonly deferred = new WeakMap<QueryRunner, AuditRecord[]>();

  /**
   * A transaction whose audit events are written at its end, just before commit. The chain's lock is global, so
   * taking it only for those last statements (rather than from the first event to the commit) keeps unrelated
   * state changes from queueing behind each other.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      const pending: AuditRecord[] = [];
      this.deferred.set(runner, pending);
      try {
        const result = await work(manager);
        this.deferred.delete(runner);
        for (const record of pending) await this.write(manager, record);
        return result;
      } finally {
        this.deferred.delete(runner);
      }
    });
  }

  /**
   * Must run inside the caller's transaction, so the event commits or rolls back with the change it
   * describes. The advisory lock is held until that transaction ends, which keeps the chain linear.
   */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must be called inside a transaction');
    }
    const pending = this.deferred.get(manager.queryRunner);
    if (pending) {
      pending.push(record);
      return;
    }
    await this.write(manager, record);
  }

  private async write(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [head]: { hash: string }[] = await manager.query(
      'SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1',
    );
    const [{ id, now }]: { id: string; now: Date }[] = await manager.query(
      `SELECT nextval('audit_event_id_seq')::text AS id, date_trunc('milliseconds', clock_timestamp()) AS now`,
    );
    const prevHash = head?.hash ?? GENESIS_HASH;
    // Hash the data as it will read back from jsonb (toJSON applied, undefined dropped), or verify would differ.
    const data = JSON.parse(JSON.stringify(record.data ?? {})) as Record<string, unknown>;
    const content = {
      id,
      occurredAt: now,
      actorId: record.actor.id,
      actorLabel: record.actor.label,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      reason: record.reason ?? null,
      data,
    };
    await manager.query(
      `INSERT INTO audit_event
         (id, occurred_at, actor_id, actor_label, action, entity_type, entity_id, reason, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        content.id,
        content.occurredAt,
        content.actorId,
        content.actorLabel,
        content.action,
        content.entityType,
        content.entityId,
        content.reason,
        JSON.stringify(content.data),
        prevHash,
        auditEventHash(content, prevHash),
      ],
    );
  }

  /** Walks the whole chain in id order and reports the first event whose link or content does not match. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let lastId = '0';
    let events = 0;
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditEventEntity)
        .createQueryBuilder('event')
        .where('event.id > :lastId', { lastId })
        .orderBy('event.id', 'ASC')
        .limit(VERIFY_BATCH_SIZE)
        .getMany();
      for (const event of batch) {
        const expected = auditEventHash(event, prevHash);
        if (event.prevHash !== prevHash || event.hash !== expected) {
          return {
            valid: false,
            events,
            firstBrokenAt: { id: event.id, occurredAt: event.occurredAt.toISOString(), action: event.action },
          };
        }
        prevHash = event.hash;
        events += 1;
      }
      if (batch.length < VERIFY_BATCH_SIZE) return { valid: true, events };
      lastId = batch[batch.length - 1].id;
    }
  }
}
