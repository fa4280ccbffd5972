import { Injectable, Logger } from '@nestjs/common';

export interface OutgoingNotification {
  notificationId: string;
  userId: string;
  template: string;
  title: string;
  body: string;
}

/** The port to SMS or e-mail gateways, which lie outside the platform. */
export abstract class NotificationSender {
  abstract send(notification: OutgoingNotification): Promise<void>;
}

/** Default adapter: records the hand-off in the log (ids and template only, never the text). */
@Injectable()
export class LoggingNotificationSender extends NotificationSender {
  private readonly logger = new Logger('Notification');

  async send(notification: OutgoingNotification): Promise<void> {
    this.logger.log(
      `delivered ${notification.template} notification ${notification.notificationId} to user ${notification.userId}`,
    );
  }
}
