import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueConfig } from '@app/config';
import { QUEUE_NAMES, QueueName } from '@app/queue';

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Queues whose jobs each hold a database connection and much memory for minutes: one at a time per process.
 * Imports take the parcel lock batch by batch, so running two in one process would gain nothing anyway.
 */
const CONCURRENCY_LIMITS: Partial<Record<QueueName, number>> = { imports: 1 };
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * Owns the BullMQ workers of this process: applies the configured concurrency, keeps connection
 * errors out of the console (BullMQ reconnects by itself), and on shutdown closes every worker first,
 * each waiting for its running job, before Nest closes the queues and TypeORM's pool.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerLifecycle.name);
  private lastErrorLogged = 0;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    private readonly config: QueueConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const host of this.hosts()) {
      const limit = CONCURRENCY_LIMITS[host.worker.name as QueueName] ?? this.config.workerConcurrency;
      host.worker.concurrency = Math.min(this.config.workerConcurrency, limit);
      host.worker.on('error', (error) => this.logConnectionError(host.worker.name, error));
    }
    for (const name of QUEUE_NAMES) {
      this.moduleRef
        .get<Queue>(getQueueToken(name), { strict: false })
        .on('error', (error) => this.logConnectionError(name, error));
    }
  }

  /**
   * Running jobs get a grace period to finish; after it (or if Redis is unreachable and a clean close
   * cannot complete) the workers are closed by force. Their jobs are retried elsewhere and are idempotent.
   */
  async onModuleDestroy(): Promise<void> {
    const hosts = this.hosts();
    const graceful = Promise.all(hosts.map((host) => host.worker.close())).then(() => true);
    const timedOut = new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref(),
    );
    if (!(await Promise.race([graceful, timedOut]))) {
      this.logger.warn(`Workers did not stop within ${SHUTDOWN_GRACE_MS} ms; closing them by force`);
      await Promise.all(hosts.map((host) => host.worker.close(true).catch(() => undefined)));
    }
    this.logger.log(`Closed ${hosts.length} queue worker(s)`);
  }

  private hosts(): WorkerHost[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  }

  private logConnectionError(queue: string, error: Error): void {
    if (Date.now() - this.lastErrorLogged < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLogged = Date.now();
    this.logger.warn(`Queue "${queue}": Redis connection problem (${error.message}); retrying`);
  }
}
