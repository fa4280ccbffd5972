import { canonicalJson, sha256Hex } from '@app/common';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventContent {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  data: Record<string, unknown>;
}

/** Each event's hash covers its own content and the previous hash, so altering any row breaks every later link. */
export function auditEventHash(event: AuditEventContent, prevHash: string): string {
  return sha256Hex(
    canonicalJson({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorId: event.actorId,
      actorLabel: event.actorLabel,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      reason: event.reason,
      data: event.data,
      prevHash,
    }),
  );
}
