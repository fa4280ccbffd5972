import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * Closes every BullMQ worker first (each waits for its running job), before Nest closes the queues
 * and TypeORM's pool in the later shutdown hooks, so no job loses its database mid-way.
 */
@Injectable()
export class WorkerShutdown implements OnModuleDestroy {
  private readonly logger = new Logger(WorkerShutdown.name);

  constructor(private readonly discovery: DiscoveryService) {}

  async onModuleDestroy(): Promise<void> {
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    await Promise.all(hosts.map((host) => host.worker.close()));
    this.logger.log(`Closed ${hosts.length} queue worker(s)`);
  }
}
