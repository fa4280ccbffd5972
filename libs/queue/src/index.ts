export * from './registry';
export * from './redis-connection';
export * from './outbox.service';
export * from './outbox-relay.service';
export * from './queue-registry';
export * from './queue.module';
