import { AuditEventEntity } from './audit-event.entity';
import { NotificationEntity } from './notification.entity';
import { OutboxEntity } from './outbox.entity';
import { PartyEntity } from './party.entity';
import { UserEntity } from './user.entity';

export * from './audit-event.entity';
export * from './notification.entity';
export * from './outbox.entity';
export * from './party.entity';
export * from './user.entity';

export const ENTITIES = [PartyEntity, UserEntity, AuditEventEntity, OutboxEntity, NotificationEntity];
