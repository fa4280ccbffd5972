import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationSender } from './notification-sender';

export type DeliveryOutcome = 'delivered' | 'already-delivered' | 'missing';

/**
 * Claims the row, hands it to the sender, and commits only if sending succeeded, so a retried or
 * duplicated job delivers at most once after a success.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: NotificationSender,
  ) {}

  async deliver(notificationId: string): Promise<DeliveryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: {
        user_id: string;
        template: string;
        title: string;
        body: string;
        delivered_at: Date | null;
      }[] = await manager.query(
        `SELECT user_id, template, title, body, delivered_at FROM notification WHERE id = $1 FOR UPDATE`,
        [notificationId],
      );
      if (!row) return 'missing';
      if (row.delivered_at) return 'already-delivered';
      await this.sender.send({
        notificationId,
        userId: row.user_id,
        template: row.template,
        title: row.title,
        body: row.body,
      });
      await manager.query(
        `UPDATE notification SET delivered_at = now(), delivery_count = delivery_count + 1 WHERE id = $1`,
        [notificationId],
      );
      return 'delivered';
    });
  }
}
