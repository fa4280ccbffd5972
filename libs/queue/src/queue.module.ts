import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
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
      useFactory: (config: QueueConfig) =>
        new QueueRegistry(
          QUEUE_NAMES.map((name) => {
            const queue = new Queue(name, {
              connection: redisConnectionOptions(config.redisUrl, 'producer'),
              prefix: config.prefix,
              defaultJobOptions: DEFAULT_JOB_OPTIONS,
            });
            // Connection errors are expected while Redis is away; the relay and readiness report them.
            queue.on('error', () => undefined);
            return queue;
          }),
        ),
    },
  ],
  exports: [OutboxService, QueueRegistry],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QueueRegistry) private readonly queues: QueueRegistry) {}

  /**
   * `close()` fails, or waits for a reconnect, while Redis is unreachable; after a short wait the connection
   * is simply dropped, since producers hold no unsent work (the outbox does).
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.queues.all().map(async (queue) => {
        const closed = queue.close().then(
          () => true,
          () => false,
        );
        const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
        if (!(await Promise.race([closed, timedOut]))) await queue.disconnect();
      }),
    );
  }
}
