import { wuhaiDate } from '@domain/calendar/wuhai-time';
import type { PrecheckStatus } from '@domain/registration/registration-machine';
import type { RegistrationState } from '@domain/registration/registration-model';
import type { PartyView } from '../api/views';
import type { ReviewTask } from './views';

export const TASK_LABELS: Record<ReviewTask, string> = {
  accept: '受理',
  first_review: '初审',
  second_review: '复审',
  decide_preemption: '优先购买权决定',
  approve: '核准',
  record: '登簿',
};

export const PRECHECK_LABELS: Record<PrecheckStatus, { text: string; color: string }> = {
  pending: { text: '预审中', color: 'processing' },
  passed: { text: '预审通过', color: 'success' },
  failed: { text: '预审未通过', color: 'error' },
};

export const CHANNEL_LABELS = { online: '网上申请', window: '窗口申请' } as const;

/** Tag colours by how far along an application is: ended badly red, done green, waiting on the applicant orange. */
export function stateColor(state: RegistrationState): string {
  switch (state) {
    case 'rejected':
      return 'red';
    case 'withdrawn':
      return 'default';
    case 'recorded':
    case 'certified':
      return 'green';
    case 'requisitioned':
    case 'preemption_pending':
      return 'orange';
    default:
      return 'blue';
  }
}

export type DueState = 'overdue' | 'today' | 'open' | 'none';

export function dueState(item: { dueOn: string | null; overdue: boolean }): DueState {
  if (item.dueOn === null) return 'none';
  if (item.overdue) return 'overdue';
  return item.dueOn === wuhaiDate() ? 'today' : 'open';
}

/** A party as staff see it: the name, and the identifier masked by the server (never the full ID number). */
export function partyLine(party: PartyView): string {
  const identifier = party.kind === 'person' ? party.idNumberMasked : party.uscc;
  return identifier ? `${party.name}（${identifier}）` : party.name;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
