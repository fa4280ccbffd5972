import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { updateReturning } from '@app/db';
import { LISTING_STATE_LABELS, ListingState } from '@app/domain';
import { LISTING_SELECT, ListingRow } from './listing-record';

export function listingConflict(current: ListingState | undefined): ApiError {
  const label = current ? LISTING_STATE_LABELS[current] : undefined;
  return ApiError.conflict(
    label
      ? {
          zh: `挂牌信息已被他人处理，当前状态为"${label.zh}"，请刷新后重试`,
          en: `The listing changed meanwhile and is now ${label.en}; reload and try again`,
        }
      : {
          zh: '挂牌信息已被他人处理，请刷新后重试',
          en: 'The listing changed meanwhile; reload and try again',
        },
    current ? { currentStatus: current } : undefined,
  );
}

export interface ListingWrite {
  action: string;
  to: ListingState;
  actor: AuditActor;
  reason?: string;
  /** Column values besides status and version; keys are column names chosen by the code. */
  changes?: Record<string, unknown>;
  auditData?: Record<string, unknown>;
}

/**
 * The only writer of listing status: `UPDATE … WHERE id AND status AND version`, so a seller withdrawing and
 * the closing job, or two staff confirming, cannot both win; the loser gets a 409 naming the current status.
 */
@Injectable()
export class ListingTransitions {
  constructor(private readonly audit: AuditService) {}

  async apply(manager: EntityManager, listing: ListingRow, write: ListingWrite): Promise<ListingRow> {
    const changes = Object.entries(write.changes ?? {});
    const [updated] = await updateReturning<{ id: string }>(
      manager,
      `UPDATE listing
          SET status = $4, version = version + 1, updated_at = now()${changes
            .map(([column], index) => `, ${column} = $${index + 5}`)
            .join('')}
        WHERE id = $1 AND status = $2 AND version = $3
        RETURNING id`,
      [listing.id, listing.status, listing.version, write.to, ...changes.map(([, value]) => value)],
    );
    if (!updated) {
      const [current]: { status: ListingState }[] = await manager.query(
        `SELECT status FROM listing WHERE id = $1`,
        [listing.id],
      );
      throw listingConflict(current?.status);
    }
    const [row]: ListingRow[] = await manager.query(`${LISTING_SELECT} WHERE l.id = $1`, [listing.id]);
    await this.audit.record(manager, {
      actor: write.actor,
      action: `listing.${write.action}`,
      entityType: 'listing',
      entityId: listing.id,
      reason: write.reason,
      data: {
        listingNumber: row.listing_number,
        from: listing.status,
        to: write.to,
        version: row.version,
        ...write.auditData,
      },
    });
    return row;
  }
}
