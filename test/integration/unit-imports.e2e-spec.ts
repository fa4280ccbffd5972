import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../support/env';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, RegistrationWorld } from '../support/registration';
import { unitCsvWithProblems, uploadUnitFile } from '../support/unit-files';

const GOOD_ROWS = 12;
const firstFile = unitCsvWithProblems(GOOD_ROWS);

describe('unit import over HTTP: upload, worker, progress and problem report', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let adminToken: string;

  async function finished(id: string) {
    return waitFor(
      async () => {
        const response = await platform.request('GET', `/unit-imports/${id}`, { token: adminToken });
        return ['succeeded', 'failed'].includes(response.body.status) && response.body;
      },
      { timeoutMs: 60_000, what: `unit import ${id} to finish` },
    );
  }

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV, worker: true });
    world = new RegistrationWorld(platform);
    adminToken = await world.admin();
  });

  afterAll(async () => {
    await platform.close();
  });

  it('imports the good rows of an uploaded CSV in the worker and reports the bad ones', async () => {
    const file = firstFile;
    const content = Buffer.from(file.csv);
    const uploaded = await uploadUnitFile(platform, adminToken, '单元清册.csv', content);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      status: 'queued',
      fileName: '单元清册.csv',
      format: 'csv',
      fileSize: content.length,
      progress: 0,
      errorReportUrl: null,
    });

    const done = await finished(uploaded.body.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: 1,
      read: GOOD_ROWS + 2,
      imported: GOOD_ROWS,
      alreadyRegistered: 0,
      rejected: 2,
      problems: 2,
      failure: null,
      errorReportUrl: `/api/v1/unit-imports/${uploaded.body.id}/errors`,
      requestedBy: { displayName: '系统管理员' },
    });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

    const registrar = await world.staff(['registrar']);
    for (const unitNumber of file.goodUnitNumbers) {
      const unit = await platform.request('GET', `/units/${unitNumber}`, { token: registrar.token });
      expect({ unitNumber, status: unit.status }).toEqual({ unitNumber, status: 200 });
    }

    const report = await platform.api!.inject({
      method: 'GET',
      url: done.errorReportUrl,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('单元清册.errors.csv')}`,
    );
    const [header, ...lines] = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header).toBe('line,field,reason');
    expect(lines.map((line) => line.split(',').slice(0, 2).join(','))).toEqual(
      file.bad.map(({ line, field }) => `${line},${field}`),
    );
    for (const line of lines) expect(line).toMatch(/ \/ /);

    const events = await platform.db.query<{
      action: string;
      actor_label: string;
      data: Record<string, unknown>;
    }>(`SELECT action, actor_label, data FROM audit_event WHERE entity_id = $1 ORDER BY id`, [
      uploaded.body.id,
    ]);
    expect(events.map((event) => event.action)).toEqual([
      'unitImport.started',
      'unit.imported',
      'unitImport.finished',
    ]);
    expect(events[2].data).toMatchObject({ status: 'succeeded', imported: GOOD_ROWS, rejected: 2 });
    expect(new Set(events.map((event) => event.actor_label))).toEqual(new Set([ADMIN_ENV.ADMIN_USERNAME]));

    const list = await platform.request('GET', '/unit-imports?page=1&pageSize=10', { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(list.body.items[0]).toMatchObject({ id: uploaded.body.id, status: 'succeeded' });
  });

  it('does nothing when the job is delivered again after the import finished', async () => {
    const [row] = await platform.db.query<{ id: string; version: number }>(
      `SELECT id, version FROM unit_import ORDER BY created_at LIMIT 1`,
    );
    const eventCount = async () =>
      (await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    const before = await eventCount();
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('imports', { connection, prefix: platform.queuePrefix });
    try {
      const job = await queue.add('unitImport.run', { importId: row.id });
      await waitFor(async () => (await job.getState()) === 'completed', { what: 'the repeated job' });
      expect((await queue.getJob(job.id!))?.returnvalue).toBe('skipped');
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const [after] = await platform.db.query<{ version: number; status: string }>(
      `SELECT version, status FROM unit_import WHERE id = $1`,
      [row.id],
    );
    expect(after).toEqual({ version: row.version, status: 'succeeded' });
    expect(await eventCount()).toBe(before);
  });

  it('counts the units of a file uploaded again as already registered', async () => {
    const again = await uploadUnitFile(platform, adminToken, '单元清册.csv', Buffer.from(firstFile.csv));
    expect(again.status).toBe(201);
    expect(await finished(again.body.id)).toMatchObject({
      status: 'succeeded',
      imported: 0,
      alreadyRegistered: GOOD_ROWS,
      rejected: 2,
    });
  });

  it('takes over an import whose worker died while it ran', async () => {
    await platform.stopWorker();
    try {
      const file = unitCsvWithProblems(4, 100);
      const uploaded = await uploadUnitFile(platform, adminToken, 'resumed.csv', Buffer.from(file.csv));
      expect(uploaded.status).toBe(201);
      // What a run leaves behind when its process is killed: the row claimed, and silent for two minutes.
      await platform.db.query(
        `UPDATE unit_import SET status = 'running', version = version + 1, records_read = 3,
                started_at = now() - interval '3 minutes', updated_at = now() - interval '2 minutes'
          WHERE id = $1`,
        [uploaded.body.id],
      );
      await platform.startWorker();
      expect(await finished(uploaded.body.id)).toMatchObject({
        status: 'succeeded',
        read: 6,
        imported: 4,
        rejected: 2,
      });
    } finally {
      if (!platform.worker) await platform.startWorker();
    }
  });

  it('fails an import whose file turns out broken past the bytes checked at upload, saying why', async () => {
    const opening = '{"type":"FeatureCollection","features":[';
    const geojson = Buffer.from(`${opening}${' '.repeat(70_000)}{"type":"Feature"`);
    const uploaded = await uploadUnitFile(platform, adminToken, 'truncated.geojson', geojson);
    expect(uploaded.status).toBe(201);
    const failed = await finished(uploaded.body.id);
    expect(failed).toMatchObject({ status: 'failed', errorReportUrl: null, imported: 0 });
    expect(failed.failure).toMatch(/JSON.* \/ /);
    const report = await platform.request('GET', `/unit-imports/${uploaded.body.id}/errors`, {
      token: adminToken,
    });
    expect(report.status).toBe(409);
    expect(report.body.details).toEqual({ currentStatus: 'failed' });
    const [finish] = await platform.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM audit_event WHERE entity_id = $1 AND action = 'unitImport.finished'`,
      [uploaded.body.id],
    );
    expect(finish.data).toMatchObject({ status: 'failed', failure: failed.failure });
  });

  it('refuses every role but admin to upload, and lets an auditor follow imports', async () => {
    const content = Buffer.from(unitCsvWithProblems(1, 200).csv);
    for (const roles of [['registrar'], ['auditor'], ['clerk']]) {
      const staff = await world.staff(roles);
      const response = await uploadUnitFile(platform, staff.token, 'units.csv', content);
      expect({ roles, status: response.status }).toEqual({ roles, status: 403 });
    }
    const holder = await world.holder();
    expect((await uploadUnitFile(platform, holder.token, 'units.csv', content)).status).toBe(403);

    const auditor = await world.staff(['auditor']);
    expect((await platform.request('GET', '/unit-imports', { token: auditor.token })).status).toBe(200);
    const registrar = await world.staff(['registrar']);
    expect((await platform.request('GET', '/unit-imports', { token: registrar.token })).status).toBe(403);
  });

  it('refuses a bad upload with a 400 naming the file, and records nothing', async () => {
    const count = async () =>
      (await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM unit_import`))[0].n;
    const before = await count();
    const attempts: [string, Buffer, RegExp][] = [
      ['units.xlsx', Buffer.from('PK\u0003\u0004'), /\.xlsx/],
      ['units.csv', Buffer.alloc(0), /文件为空/],
      ['units.csv', Buffer.from('unitNumber,地址\n'), /未知列/],
      ['units.csv', Buffer.from('unitNumber,districtCode\n'), /缺少必需列/],
      ['units.csv', Buffer.from([0xb5, 0xa5, 0xd4, 0xaa, 0x0a]), /UTF-8/],
      ['units.geojson', Buffer.from('[{"type":"Feature"}]'), /FeatureCollection/],
    ];
    for (const [fileName, content, message] of attempts) {
      const response = await uploadUnitFile(platform, adminToken, fileName, content);
      expect({ fileName, status: response.status }).toEqual({ fileName, status: 400 });
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
      expect(response.body.details[0].message).toMatch(message);
    }
    const noFile = await platform.request('POST', '/unit-imports', {
      token: adminToken,
      body: { file: 'x' },
    });
    expect(noFile.status).toBe(400);
    expect(await count()).toBe(before);
  });
});
