/**
 * The response bodies only the review workbench reads; those other areas read too are in `api/views.ts`.
 */
import type { ApplicationSummary } from '../api/views';

/** What the queue says is waiting for the caller on one application. */
export type ReviewTask =
  'accept' | 'first_review' | 'second_review' | 'decide_preemption' | 'approve' | 'record';

/** `GET /review-queue` items. */
export interface QueueItem extends ApplicationSummary {
  task: ReviewTask;
}
