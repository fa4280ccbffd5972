import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from '@app/audit';
import { loggerParams } from '@app/common';
import { AppConfig, AppConfigModule, QueueConfig } from '@app/config';
import { DatabaseModule } from '@app/db';
import { FilesModule } from '@app/files';
import { IdentityModule } from '@app/identity';
import { NotificationModule } from '@app/notification';
import {
  DEFAULT_JOB_OPTIONS,
  OutboxRelayService,
  QUEUE_NAMES,
  QueueModule,
  redisConnectionOptions,
} from '@app/queue';
import { MarketModule } from '@app/market';
import { RegistrationModule } from '@app/registration';
import { RegistryModule, UnitImportsModule } from '@app/registry';
import { OutboxRelayRunner } from './outbox-relay.runner';
import { CertificateProcessor } from './processors/certificate.processor';
import { MarketProcessor } from './processors/market.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationProcessor } from './processors/notification.processor';
import { RegistrationProcessor } from './processors/registration.processor';
import { UnitImportProcessor } from './processors/unit-import.processor';
import { WorkerLifecycle } from './worker-lifecycle';

export interface WorkerModuleOptions {
  logDestination?: DestinationStream;
}

@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule,
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => loggerParams(config.logLevel, options.logDestination),
        }),
        DiscoveryModule,
        DatabaseModule.forRoot('wuhai-worker'),
        QueueModule,
        // Processors take this shared configuration; their connections retry forever while Redis is away.
        BullModule.forRootAsync({
          inject: [QueueConfig],
          useFactory: (config: QueueConfig) => ({
            connection: redisConnectionOptions(config.redisUrl, 'worker'),
            prefix: config.prefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        // Registered so @nestjs/bullmq starts the processors; enqueuing uses QueueRegistry's producers.
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
        AuditModule,
        NotificationModule,
        IdentityModule,
        RegistryModule,
        FilesModule,
        UnitImportsModule,
        RegistrationModule,
        MarketModule,
      ],
      providers: [
        OutboxRelayService,
        OutboxRelayRunner,
        NotificationProcessor,
        MaintenanceProcessor,
        RegistrationProcessor,
        CertificateProcessor,
        MarketProcessor,
        UnitImportProcessor,
        WorkerLifecycle,
      ],
    };
  }
}
