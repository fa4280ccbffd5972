import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError, Page } from '@app/common';
import { NotificationEntity, updateReturning } from '@app/db';

export interface InboxItem {
  id: string;
  template: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

function toInboxItem(row: NotificationEntity): InboxItem {
  return {
    id: row.id,
    template: row.template,
    title: row.title,
    body: row.body,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** A user's own messages; another user's message answers 404, like any resource one may not see. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(userId: string, page: number, pageSize: number): Promise<Page<InboxItem>> {
    const [rows, total] = await this.dataSource.manager.findAndCount(NotificationEntity, {
      where: { userId },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toInboxItem), total, page, pageSize };
  }

  async markRead(notificationId: string, userId: string): Promise<InboxItem> {
    const [row] = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [notificationId, userId],
    );
    if (!row) throw ApiError.notFound({ zh: '消息不存在', en: 'Notification not found' });
    return toInboxItem(await this.dataSource.manager.findOneByOrFail(NotificationEntity, { id: row.id }));
  }
}
