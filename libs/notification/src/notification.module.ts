import { Global, Module } from '@nestjs/common';
import { LoggingNotificationSender, NotificationSender } from './notification-sender';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationService } from './notification.service';
import { InboxService } from './inbox.service';

@Global()
@Module({
  providers: [
    NotificationService,
    InboxService,
    NotificationDeliveryService,
    { provide: NotificationSender, useClass: LoggingNotificationSender },
  ],
  exports: [NotificationService, InboxService, NotificationDeliveryService, NotificationSender],
})
export class NotificationModule {}
