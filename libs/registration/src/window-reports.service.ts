import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REGISTRATION_KINDS, RegistrationKind } from '@app/domain';

export interface OutcomeCounts {
  received: number;
  accepted: number;
  refused: number;
}

/** One window's day: every counter decision counts as received, so a refusal and a later acceptance are two. */
export interface WindowDaySummary extends OutcomeCounts {
  date: string;
  windowId: string;
  windowCode: string;
  windowName: string;
  byKind: Record<RegistrationKind, OutcomeCounts>;
  /** From the moment the clerk began serving to the decision; null on a day without intakes. */
  averageHandlingSeconds: number | null;
}

export interface DayListEntry {
  intakeId: string;
  documentNumber: string;
  outcome: 'accepted' | 'refused';
  applicationId: string;
  applicationNumber: string;
  kind: RegistrationKind;
  channel: 'online' | 'window';
  clerk: string;
  startedAt: string;
  decidedAt: string;
  pdfUrl: string;
}

const empty = (): OutcomeCounts => ({ received: 0, accepted: 0, refused: 0 });

/** Figures for the centre's supervisors, and the day list (日清单) a window keeps. */
@Injectable()
export class WindowReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async daily(date: string, windowId?: string): Promise<WindowDaySummary[]> {
    const rows: {
      window_id: string;
      code: string;
      name: string;
      kind: RegistrationKind | null;
      received: number;
      accepted: number;
      refused: number;
      handling_seconds: number | null;
    }[] = await this.dataSource.query(
      `SELECT w.id AS window_id, w.code, w.name, i.kind,
              count(i.id)::int AS received,
              count(i.id) FILTER (WHERE i.outcome = 'accepted')::int AS accepted,
              count(i.id) FILTER (WHERE i.outcome = 'refused')::int AS refused,
              sum(extract(epoch FROM i.decided_at - i.started_at))::float8 AS handling_seconds
         FROM acceptance_window w
         LEFT JOIN window_intake i ON i.window_id = w.id AND i.served_on = $1
        WHERE ($2::uuid IS NULL OR w.id = $2) AND (w.active OR i.id IS NOT NULL)
        GROUP BY w.id, w.code, w.name, i.kind
        ORDER BY w.code, i.kind`,
      [date, windowId ?? null],
    );
    const byWindow = new Map<string, WindowDaySummary & { totalSeconds: number }>();
    for (const row of rows) {
      let summary = byWindow.get(row.window_id);
      if (!summary) {
        summary = {
          date,
          windowId: row.window_id,
          windowCode: row.code,
          windowName: row.name,
          ...empty(),
          byKind: Object.fromEntries(REGISTRATION_KINDS.map((kind) => [kind, empty()])) as Record<
            RegistrationKind,
            OutcomeCounts
          >,
          averageHandlingSeconds: null,
          totalSeconds: 0,
        };
        byWindow.set(row.window_id, summary);
      }
      if (!row.kind) continue;
      summary.byKind[row.kind] = { received: row.received, accepted: row.accepted, refused: row.refused };
      summary.received += row.received;
      summary.accepted += row.accepted;
      summary.refused += row.refused;
      summary.totalSeconds += row.handling_seconds ?? 0;
    }
    return [...byWindow.values()].map(({ totalSeconds, ...summary }) => ({
      ...summary,
      averageHandlingSeconds: summary.received > 0 ? Math.round(totalSeconds / summary.received) : null,
    }));
  }

  /** The report as CSV for a spreadsheet: a byte-order mark so Excel reads the Chinese names as UTF-8. */
  toCsv(summaries: WindowDaySummary[]): string {
    const header = [
      '日期 date',
      '窗口代码 window',
      '窗口名称 name',
      '接件 received',
      '受理 accepted',
      '一次性告知 refused',
      ...REGISTRATION_KINDS.flatMap((kind) => [`${kind} received`, `${kind} accepted`, `${kind} refused`]),
      '平均办理时长（秒） average handling seconds',
    ];
    const lines = summaries.map((summary) => [
      summary.date,
      summary.windowCode,
      summary.windowName,
      summary.received,
      summary.accepted,
      summary.refused,
      ...REGISTRATION_KINDS.flatMap((kind) => [
        summary.byKind[kind].received,
        summary.byKind[kind].accepted,
        summary.byKind[kind].refused,
      ]),
      summary.averageHandlingSeconds ?? '',
    ]);
    return `\uFEFF${[header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
  }

  async dayList(windowId: string, date: string): Promise<DayListEntry[]> {
    const rows: {
      id: string;
      document_number: string;
      outcome: 'accepted' | 'refused';
      application_id: string;
      application_number: string;
      kind: RegistrationKind;
      channel: 'online' | 'window';
      clerk: string;
      started_at: Date;
      decided_at: Date;
    }[] = await this.dataSource.query(
      `SELECT i.id, i.document_number, i.outcome, i.application_id, a.application_number, i.kind, i.channel,
              u.display_name AS clerk, i.started_at, i.decided_at
         FROM window_intake i
         JOIN registration_application a ON a.id = i.application_id
         JOIN app_user u ON u.id = i.clerk_id
        WHERE i.window_id = $1 AND i.served_on = $2
        ORDER BY i.decided_at, i.id`,
      [windowId, date],
    );
    return rows.map((row) => ({
      intakeId: row.id,
      documentNumber: row.document_number,
      outcome: row.outcome,
      applicationId: row.application_id,
      applicationNumber: row.application_number,
      kind: row.kind,
      channel: row.channel,
      clerk: row.clerk,
      startedAt: row.started_at.toISOString(),
      decidedAt: row.decided_at.toISOString(),
      pdfUrl: `/api/v1/intake/${row.id}/pdf`,
    }));
  }
}

function csvField(value: string | number): string {
  // A leading =, +, - or @ would make a spreadsheet evaluate a window name as a formula.
  const text = typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
