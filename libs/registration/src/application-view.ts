export type { ApplicationSummary, ApplicationView, HistoryEntry } from '@app/contract';
