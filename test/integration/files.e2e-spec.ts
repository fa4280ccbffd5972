import { createHash } from 'node:crypto';
import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { multipart, PDF } from '../support/multipart';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'files.admin', password: 'Admin-password-1' };
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

describe('files: uploaded materials', () => {
  let platform: Platform;
  let holderToken: string;
  let otherToken: string;
  let adminToken: string;

  async function holder(): Promise<string> {
    const username = uniqueName('f');
    const response = await platform.request('POST', '/auth/register', {
      body: {
        username,
        password: PASSWORD,
        displayName: '上传人',
        party: { kind: 'person', name: '上传人', idNumber: residentId() },
      },
    });
    expect(response.status).toBe(201);
    return platform.login(username, PASSWORD);
  }

  async function upload(token: string, filename: string, content: Buffer, contentType?: string) {
    const { payload, headers } = multipart(filename, content, contentType);
    const response = await platform.api!.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
    return { status: response.statusCode, body: response.json() };
  }

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, FILE_MAX_BYTES: '4096' },
    });
    adminToken = await platform.login(ADMIN.username, ADMIN.password);
    holderToken = await holder();
    otherToken = await holder();
  });

  afterAll(async () => {
    await platform.close();
  });

  it('stores a PDF with its sha256 and serves it back to its uploader', async () => {
    const uploaded = await upload(holderToken, 'contract.pdf', PDF, 'application/pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      originalName: 'contract.pdf',
    });
    const content = await platform.api!.inject({
      method: 'GET',
      url: `/api/v1/files/${uploaded.body.fileId}/content`,
      headers: { authorization: `Bearer ${holderToken}` },
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.rawPayload.equals(PDF)).toBe(true);
  });

  it('judges the type by content, not by name or header', async () => {
    const disguised = await upload(holderToken, 'scan.pdf', PNG, 'application/pdf');
    expect(disguised.status).toBe(201);
    expect(disguised.body.contentType).toBe('image/png');
    const before = await platform.db.query(`SELECT count(*)::int AS files FROM stored_file`);
    const executable = await upload(
      holderToken,
      'id-card.jpg',
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
      'image/jpeg',
    );
    expect(executable.status).toBe(400);
    expect(executable.body.details).toEqual([
      expect.objectContaining({ field: 'file', rule: 'contentType' }),
    ]);
    expect(await platform.db.query(`SELECT count(*)::int AS files FROM stored_file`)).toEqual(before);
  });

  it('refuses a file over the size limit with 413 and keeps nothing', async () => {
    const before = await platform.db.query(`SELECT count(*)::int AS files FROM stored_file`);
    const big = await upload(holderToken, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(8192, 32)]));
    expect(big.status).toBe(413);
    expect(await platform.db.query(`SELECT count(*)::int AS files FROM stored_file`)).toEqual(before);
  });

  it('refuses a request without a file', async () => {
    const response = await platform.request('POST', '/files', { token: holderToken, body: { file: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
  });

  it('hides a file from other holders (404) and shows it to staff', async () => {
    const uploaded = await upload(holderToken, 'id.png', PNG);
    expect(
      (await platform.request('GET', `/files/${uploaded.body.fileId}`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (await platform.request('GET', `/files/${uploaded.body.fileId}/content`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (await platform.request('GET', `/files/${uploaded.body.fileId}`, { token: adminToken })).status,
    ).toBe(200);
    expect((await platform.request('GET', `/files/${uploaded.body.fileId}`)).status).toBe(401);
    const [event] = await platform.db.query(`SELECT action FROM audit_event WHERE entity_id = $1`, [
      uploaded.body.fileId,
    ]);
    expect(event).toEqual({ action: 'file.uploaded' });
  });
});
