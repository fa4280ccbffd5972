export * from './notification-sender';
export * from './notification.service';
export * from './notification-delivery.service';
export * from './notification.module';
export * from './inbox.service';
