import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '@app/queue';

export interface NewNotification {
  userId: string;
  template: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

/** Writes the inbox row and schedules its outside delivery in the caller's transaction. */
@Injectable()
export class NotificationService {
  constructor(private readonly outbox: OutboxService) {}

  async notify(manager: EntityManager, notification: NewNotification): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO notification (user_id, template, title, body, data) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        notification.userId,
        notification.template,
        notification.title,
        notification.body,
        JSON.stringify(notification.data ?? {}),
      ],
    );
    await this.outbox.enqueue(manager, 'notification.deliver', { notificationId: row.id });
    return row.id;
  }
}
