import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotificationService } from '@app/notification';
import { ApplicationRow } from './application-record';

export type Audience = 'parties' | 'assignee' | 'registrars' | 'district_staff';

/**
 * Turns "tell the parties" or "tell the registrars of this district" into inbox rows, in the caller's
 * transaction, so a notification exists exactly when the change it reports committed.
 */
@Injectable()
export class ApplicationNotifier {
  constructor(private readonly notifications: NotificationService) {}

  async notify(
    manager: EntityManager,
    application: ApplicationRow,
    audiences: readonly Audience[],
    template: string,
    title: string,
    body: string,
  ): Promise<number> {
    const users = new Set<string>();
    for (const audience of audiences) {
      for (const id of await this.recipients(manager, application, audience)) users.add(id);
    }
    for (const userId of users) {
      await this.notifications.notify(manager, {
        userId,
        template,
        title,
        body: `${application.application_number}：${body}`,
        data: { applicationId: application.id, applicationNumber: application.application_number },
      });
    }
    return users.size;
  }

  /** The one-time notice (一次性告知) in the parties' inboxes: every missing item of the requisition. */
  requisitioned(
    manager: EntityManager,
    application: ApplicationRow,
    missingItems: readonly string[],
  ): Promise<number> {
    return this.notify(
      manager,
      application,
      ['parties'],
      'application.requisitioned',
      '申请需补正 / Application needs missing items',
      missingItems.join('；'),
    );
  }

  private async recipients(
    manager: EntityManager,
    application: ApplicationRow,
    audience: Audience,
  ): Promise<string[]> {
    switch (audience) {
      case 'parties': {
        const rows: { id: string }[] = await manager.query(
          `SELECT id FROM app_user WHERE active AND party_id IN ($1, $2)`,
          [
            application.applicant_party_id,
            application.counterparty_party_id ?? application.applicant_party_id,
          ],
        );
        return rows.map((row) => row.id);
      }
      case 'assignee':
        return application.assigned_to ? [application.assigned_to] : [];
      case 'registrars':
      case 'district_staff': {
        const roles = audience === 'registrars' ? ['registrar'] : ['clerk', 'reviewer'];
        const rows: { id: string }[] = await manager.query(
          `SELECT id FROM app_user
            WHERE active AND roles && $1::text[] AND (districts = '{}' OR $2 = ANY (districts))`,
          [roles, application.district_code],
        );
        return rows.map((row) => row.id);
      }
    }
  }
}
