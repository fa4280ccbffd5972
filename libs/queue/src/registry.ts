import type { DefaultJobOptions } from 'bullmq';

/** Every queue of the platform. Each job name belongs to exactly one queue (see JOB_QUEUE). */
export const QUEUE_NAMES = [
  'notifications',
  'maintenance',
  'registration',
  'certificates',
  'market',
  'imports',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Job payloads carry ids only; a processor reloads the row and decides whether work is still due. */
export interface JobPayloads {
  'notification.deliver': { notificationId: string };
  'outbox.sweep': Record<string, never>;
  'expired.purge': Record<string, never>;
  /** `round` is the submission the check was queued for; a later resubmission queues its own. */
  'application.precheck': { applicationId: string; round: number };
  'application.route': { applicationId: string };
  'application.deadline': { applicationId: string };
  'assignments.release': { userId: string };
  'registration.sweep': Record<string, never>;
  'certificate.issue': { applicationId: string };
  /** Closes a listing whose period has ended; an auction extended meanwhile finds its end moved and waits. */
  'listing.close': { listingId: string };
  /** Publishes the deal announcement of a recorded transfer or lease. */
  'announcement.publish': { applicationId: string };
  'market.sweep': Record<string, never>;
  /** Imports the units of a file an administrator uploaded; the `unit_import` row says whether that is still due. */
  'unitImport.run': { importId: string };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'notification.deliver': 'notifications',
  'outbox.sweep': 'maintenance',
  'expired.purge': 'maintenance',
  'application.precheck': 'registration',
  'application.route': 'registration',
  'application.deadline': 'registration',
  'assignments.release': 'registration',
  'registration.sweep': 'registration',
  'certificate.issue': 'certificates',
  'listing.close': 'market',
  'announcement.publish': 'market',
  'market.sweep': 'market',
  'unitImport.run': 'imports',
};

/** Added to every job dispatched from the outbox, so the processor can mark the row completed. */
export interface OutboxJobData {
  outboxId?: string;
}

export const DAY_SECONDS = 24 * 60 * 60;

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
  removeOnFail: { age: 14 * DAY_SECONDS, count: 100_000 },
};

export function outboxJobId(outboxId: string): string {
  return `outbox-${outboxId}`;
}
