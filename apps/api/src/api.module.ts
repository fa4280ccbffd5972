import { DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from '@app/audit';
import { IdempotencyInterceptor, loggerParams } from '@app/common';
import { AppConfig, AppConfigModule, AuthConfig } from '@app/config';
import { DatabaseModule } from '@app/db';
import { DatabaseThrottlerStorage, IdentityModule, UsersService } from '@app/identity';
import { DataSource } from 'typeorm';
import { NotificationModule } from '@app/notification';
import { QueueModule } from '@app/queue';
import { RegistryModule, UnitImportsModule } from '@app/registry';
import { FilesModule } from '@app/files';
import { MarketModule } from '@app/market';
import { RegistrationModule } from '@app/registration';
import { AuthController } from './identity/auth.controller';
import { UsersController } from './identity/users.controller';
import { AuditController } from './system/audit.controller';
import { HealthController, RedisHealthIndicator } from './system/health.controller';
import { NotificationsController } from './system/notifications.controller';
import { QueueDashboardController } from './system/queue-dashboard.controller';
import { ReferenceDataController } from './registry/reference-data.controller';
import { UnitsController } from './registry/units.controller';
import { CalendarController } from './registry/calendar.controller';
import { UnitImportsController } from './registry/unit-imports.controller';
import { FilesController } from './files/files.controller';
import { ApplicationsController, CertificatesController } from './registration/applications.controller';
import { IntakeController } from './registration/intake.controller';
import { WindowsController } from './windows/windows.controller';
import { ListingsController } from './market/listings.controller';
import { AnnouncementsController } from './market/announcements.controller';
import { StatisticsController } from './market/statistics.controller';

@Injectable()
class InitialAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(InitialAdmin.name);

  constructor(
    private readonly config: AuthConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config;
    if (!adminUsername || !adminPassword) return;
    if (await this.users.ensureInitialAdmin(adminUsername, adminPassword)) {
      this.logger.log(`Created the initial administrator "${adminUsername}"`);
    }
  }
}

export interface ApiModuleOptions {
  /** Tests capture log lines here to prove that no personal data reaches the logs. */
  logDestination?: DestinationStream;
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule,
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => loggerParams(config.logLevel, options.logDestination),
        }),
        DatabaseModule.forRoot('wuhai-api'),
        QueueModule,
        AuditModule,
        NotificationModule,
        IdentityModule,
        RegistryModule,
        FilesModule,
        UnitImportsModule,
        RegistrationModule,
        MarketModule,
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRootAsync({
          inject: [AuthConfig, DataSource],
          useFactory: (config: AuthConfig, dataSource: DataSource) => ({
            throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute }],
            storage: new DatabaseThrottlerStorage(dataSource),
          }),
        }),
      ],
      controllers: [
        AuthController,
        UsersController,
        UnitsController,
        ApplicationsController,
        CertificatesController,
        IntakeController,
        WindowsController,
        ListingsController,
        AnnouncementsController,
        StatisticsController,
        ReferenceDataController,
        CalendarController,
        UnitImportsController,
        FilesController,
        AuditController,
        NotificationsController,
        QueueDashboardController,
        HealthController,
      ],
      providers: [
        InitialAdmin,
        RedisHealthIndicator,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
