import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueConfig } from '@app/config';
import { OutboxRelayService, QueueRegistry } from '@app/queue';

const SCHEDULER_REFRESH_MS = 60_000;
const EXPIRED_PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * The relay loop of this worker process. It also re-registers the repeatable sweeps every minute:
 * Redis may lose them (it keeps nothing on disk here), and a lost sweep must come back by itself.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelayRunner.name);
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastSchedulerRefresh = 0;
  private lastFailureLogged = 0;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly queues: QueueRegistry,
    private readonly config: QueueConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let dispatched = 0;
      try {
        await this.refreshSchedulers();
        dispatched = await this.relay.dispatchPending();
      } catch (error) {
        // Redis or PostgreSQL is away; rows stay pending. Log at most every 10 s to keep the log readable.
        if (Date.now() - this.lastFailureLogged > 10_000) {
          this.lastFailureLogged = Date.now();
          this.logger.warn(`Outbox relay paused: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (dispatched === 0) await this.sleep(this.config.outboxRelayIntervalMs);
    }
  }

  private async refreshSchedulers(): Promise<void> {
    if (Date.now() - this.lastSchedulerRefresh < SCHEDULER_REFRESH_MS) return;
    const maintenance = this.queues.get('maintenance');
    await maintenance.upsertJobScheduler(
      'outbox.sweep',
      { every: this.config.outboxSweepIntervalMs },
      {
        name: 'outbox.sweep',
        data: {},
      },
    );
    await this.queues
      .get('registration')
      .upsertJobScheduler(
        'registration.sweep',
        { every: this.config.outboxSweepIntervalMs },
        { name: 'registration.sweep', data: {} },
      );
    await this.queues
      .get('market')
      .upsertJobScheduler(
        'market.sweep',
        { every: this.config.outboxSweepIntervalMs },
        { name: 'market.sweep', data: {} },
      );
    await maintenance.upsertJobScheduler(
      'expired.purge',
      { every: EXPIRED_PURGE_EVERY_MS },
      {
        name: 'expired.purge',
        data: {},
      },
    );
    this.lastSchedulerRefresh = Date.now();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
