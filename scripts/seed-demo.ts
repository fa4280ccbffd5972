import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditModule, SYSTEM_ACTOR } from '@app/audit';
import { Role } from '@app/common';
import { AppConfigModule, loadConfigurationOrExit } from '@app/config';
import { DatabaseModule } from '@app/db';
import { IdentityModule, PartyInput, UsersService } from '@app/identity';
import { NotificationModule } from '@app/notification';
import { QueueModule } from '@app/queue';
import {
  BenchmarkPricesService,
  NewBenchmarkPrice,
  NewUnit,
  RegistryModule,
  UnitsService,
} from '@app/registry';

/** Documented in README.md; demo data only, never for a production database. */
export const DEMO_PASSWORD = 'Demo-pass-2026';

interface DemoStaff {
  username: string;
  displayName: string;
  roles: Role[];
  districts?: string[];
  /** The code of the window a clerk sits at; the windows themselves come with the migrations. */
  windowCode?: string;
}

const ALL_DISTRICTS = ['150302', '150303', '150304'];

const STAFF: DemoStaff[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'clerk.centre', displayName: '中心大厅窗口 受理员', roles: ['clerk'], windowCode: 'ZX' },
  { username: 'clerk.haibowan', displayName: '海勃湾区窗口 受理员', roles: ['clerk'], windowCode: 'HBW' },
  { username: 'clerk.wuda', displayName: '乌达区窗口 受理员', roles: ['clerk'], windowCode: 'WD' },
  { username: 'clerk.hainan', displayName: '海南区窗口 受理员', roles: ['clerk'], windowCode: 'HN' },
  { username: 'clerk.gaoxin', displayName: '高新区窗口 受理员', roles: ['clerk'], windowCode: 'GX' },
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

/** Haibowan parcels of about 100 m × 100 m, far enough apart never to overlap. */
function squareParcel(index: number): { type: 'Polygon'; coordinates: number[][][] } {
  const lon = 106.81 + index * 0.003;
  const lat = 39.66;
  const dLon = 100 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const dLat = 100 / 111_000;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + dLon, lat],
        [lon + dLon, lat + dLat],
        [lon, lat + dLat],
        [lon, lat],
      ],
    ],
  };
}

/** A few units held by the demo holders, so listings and applications have something to work on. */
const DEMO_UNITS: (Omit<NewUnit, 'holders' | 'areaM2'> & { holderUsernames: string[] })[] = [
  {
    unitNumber: '150302001001GB00101W00000000',
    districtCode: '150302',
    location: '海勃湾区滨河工业园区纬三路以南',
    landUse: '0601',
    landGrade: 2,
    rightType: 'granted',
    termStart: '2012-05-01',
    termEnd: '2062-04-30',
    plotRatio: '1.20',
    buildingDensity: '40.00',
    greenRatio: '15.00',
    certificateNumber: '蒙(2019)乌海市不动产权第0000101号',
    grantFeePaid: true,
    investmentRatio: '0.4000',
    holderUsernames: ['holder.company'],
  },
  {
    unitNumber: '150302001001GB00102W00000000',
    districtCode: '150302',
    location: '海勃湾区新华大街与人民路交叉口东北',
    landUse: '0501',
    landGrade: 1,
    rightType: 'granted',
    termStart: '2016-09-01',
    termEnd: '2056-08-31',
    plotRatio: '2.50',
    certificateNumber: '蒙(2020)乌海市不动产权第0000102号',
    grantFeePaid: true,
    investmentRatio: '0.3000',
    holderUsernames: ['holder.person'],
  },
  {
    unitNumber: '150302001001GB00103W00000000',
    districtCode: '150302',
    location: '海勃湾区千里山镇北',
    landUse: '0604',
    landGrade: 3,
    rightType: 'allocated',
    certificateNumber: '蒙(2018)乌海市不动产权第0000103号',
    holderUsernames: ['holder.company', 'holder.person'],
  },
];

/** 基准地价 of the current three-year period, yuan per m², by district, land-use class and grade. */
const BENCHMARK_PRICES: Omit<NewBenchmarkPrice, 'validFrom' | 'validTo'>[] = [
  '150302',
  '150303',
  '150304',
].flatMap((districtCode, district) =>
  [
    ['05', 1, 1280],
    ['05', 2, 960],
    ['06', 1, 420],
    ['06', 2, 360],
    ['06', 3, 300],
    ['07', 1, 1150],
    ['07', 2, 880],
  ].map(([landUseClass, grade, price]) => ({
    districtCode,
    landUseClass: landUseClass as string,
    grade: grade as number,
    pricePerM2: ((price as number) * (1 - district * 0.1)).toFixed(2),
  })),
);

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
  private readonly actor = { ...SYSTEM_ACTOR, label: 'seed:demo' };

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly benchmarks: BenchmarkPricesService,
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
      const [window]: { id: string }[] = staff.windowCode
        ? await this.dataSource.query(`SELECT id FROM acceptance_window WHERE code = $1`, [staff.windowCode])
        : [];
      await this.users.createStaff(
        {
          username: staff.username,
          displayName: staff.displayName,
          roles: staff.roles,
          password: DEMO_PASSWORD,
          districts: staff.districts ?? [],
          windowId: window?.id ?? null,
        },
        this.actor,
      );
      created.push(staff.username);
    }
    for (const holder of HOLDERS) {
      if (await this.exists(holder.username)) continue;
      await this.users.registerHolder({ ...holder, password: DEMO_PASSWORD });
      created.push(holder.username);
    }
    for (const [index, { holderUsernames, ...unit }] of DEMO_UNITS.entries()) {
      const [known]: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM real_estate_unit WHERE unit_number = $1`,
        [unit.unitNumber],
      );
      if (known) continue;
      const parties: { party_id: string }[] = await this.dataSource.query(
        `SELECT party_id FROM app_user WHERE username = ANY($1) ORDER BY username`,
        [holderUsernames],
      );
      const share = parties.length === 1 ? '1' : '0.5';
      await this.units.register(
        {
          ...unit,
          areaM2: '10000.00',
          geometry: squareParcel(index),
          holders: parties.map((party) => ({ partyId: party.party_id, share })),
        },
        this.actor,
      );
      created.push(unit.unitNumber);
    }
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM benchmark_price`,
    );
    if (count === 0) {
      for (const price of BENCHMARK_PRICES) {
        await this.benchmarks.create(
          { ...price, validFrom: '2024-01-01', validTo: '2026-12-31' },
          this.actor,
        );
      }
      created.push(`${BENCHMARK_PRICES.length} benchmark prices`);
    }
    return created;
  }
}

async function main(): Promise<void> {
  loadConfigurationOrExit();
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const seeder = new DemoSeeder(
      app.get(DataSource),
      app.get(UsersService),
      app.get(UnitsService),
      app.get(BenchmarkPricesService),
    );
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
