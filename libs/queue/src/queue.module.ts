import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueConfig } from '@app/config';
import { OutboxService } from './outbox.service';
import { QueueRegistry } from './queue-registry';
import { redisConnectionOptions } from './redis-connection';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES } from './registry';

/**
 * Producer handles for every queue. Their connections fail fast while Redis is away, so the outbox
 * relay can retry later instead of hanging inside its transaction. BullMQ workers live in the worker
 * app with connections of their own that retry forever.
 */
@Global()
@Module({
  providers: [
    OutboxService,
    {
      provide: QueueRegistry,
      inject: [QueueConfig],
      useFactory: (config: QueueConfig) => {
        const connection = new Redis(redisConnectionOptions(config.redisUrl, 'producer'));
        // Connection errors are expected while Redis is away; the relay and readiness report them.
        connection.on('error', () => undefined);
        const queues = QUEUE_NAMES.map((name) => {
          const queue = new Queue(name, {
            connection,
            prefix: config.prefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          });
          queue.on('error', () => undefined);
          return queue;
        });
        return new QueueRegistry(connection, queues);
      },
    },
  ],
  exports: [OutboxService, QueueRegistry],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QueueRegistry) private readonly queues: QueueRegistry) {}

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}
