import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditModule, SYSTEM_ACTOR } from '@app/audit';
import { Role } from '@app/common';
import { AppConfigModule, loadConfigurationOrExit } from '@app/config';
import { DatabaseModule } from '@app/db';
import { IdentityModule, PartyInput, UsersService } from '@app/identity';
import { NotificationModule } from '@app/notification';
import { QueueModule } from '@app/queue';
import { RegistryModule } from '@app/registry';

/** Documented in README.md; demo data only, never for a production database. */
export const DEMO_PASSWORD = 'Demo-pass-2026';

interface DemoStaff {
  username: string;
  displayName: string;
  roles: Role[];
  districts?: string[];
}

const ALL_DISTRICTS = ['150302', '150303', '150304'];

const STAFF: DemoStaff[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'clerk.centre', displayName: '中心大厅窗口 受理员', roles: ['clerk'] },
  { username: 'reviewer.a', displayName: '审核员 甲', roles: ['reviewer'], districts: ALL_DISTRICTS },
  { username: 'reviewer.b', displayName: '审核员 乙', roles: ['reviewer'], districts: ALL_DISTRICTS },
  { username: 'registrar', displayName: '登簿人', roles: ['registrar'], districts: ALL_DISTRICTS },
  { username: 'auditor', displayName: '审计员', roles: ['auditor'] },
];

const HOLDERS: { username: string; displayName: string; party: PartyInput }[] = [
  {
    username: 'holder.person',
    displayName: '张建国',
    party: { kind: 'person', name: '张建国', idNumber: '150302197805120012' },
  },
  {
    username: 'holder.company',
    displayName: '乌海市示例煤化有限公司',
    party: { kind: 'organization', name: '乌海市示例煤化有限公司', uscc: '91150300MA0N0DEM0D' },
  },
];

@Module({
  imports: [
    AppConfigModule,
    DatabaseModule.forRoot('wuhai-seed'),
    QueueModule,
    AuditModule,
    NotificationModule,
    IdentityModule,
    RegistryModule,
  ],
})
class SeedModule {}

class DemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  private async exists(username: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM app_user WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows.length > 0;
  }

  /** Re-running creates only what is missing, so the seed can run at every start-up. */
  async run(): Promise<string[]> {
    const created: string[] = [];
    for (const staff of STAFF) {
      if (await this.exists(staff.username)) continue;
      await this.users.createStaff(
        { ...staff, password: DEMO_PASSWORD, districts: staff.districts ?? [] },
        { ...SYSTEM_ACTOR, label: 'seed:demo' },
      );
      created.push(staff.username);
    }
    for (const holder of HOLDERS) {
      if (await this.exists(holder.username)) continue;
      await this.users.registerHolder({ ...holder, password: DEMO_PASSWORD });
      created.push(holder.username);
    }
    return created;
  }
}

async function main(): Promise<void> {
  loadConfigurationOrExit();
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const seeder = new DemoSeeder(app.get(DataSource), app.get(UsersService));
    const created = await seeder.run();
    process.stdout.write(
      created.length
        ? `Demo data: created ${created.join(', ')} (password ${DEMO_PASSWORD})\n`
        : 'Demo data already present.\n',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Seeding failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
