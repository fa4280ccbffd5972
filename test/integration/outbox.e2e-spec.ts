import { Queue } from 'bullmq';
import { OutboxRelayService, QueueRegistry } from '@app/queue';
import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { TcpProxy } from '../support/tcp-proxy';

describe('outbox: jobs follow committed rows exactly once, and survive Redis being away', () => {
  let platform: Platform;
  const redisProxy = new TcpProxy('127.0.0.1', 6379);

  beforeAll(async () => {
    await redisProxy.start();
    platform = await startPlatform({
      env: { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, OUTBOX_STALE_AFTER_MS: '1000' },
    });
  });

  afterAll(async () => {
    await platform.close();
    await redisProxy.stop();
  });

  afterEach(async () => {
    await platform.stopWorker();
  });

  async function register(): Promise<string> {
    const response = await platform.request('POST', '/auth/register', {
      body: {
        username: uniqueName('ob'),
        password: PASSWORD,
        displayName: '周九',
        party: { kind: 'person', name: '周九', idNumber: residentId() },
      },
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function deliveries(userId: string) {
    return platform.db.query<{ delivery_count: number; delivered: boolean }>(
      `SELECT delivery_count, delivered_at IS NOT NULL AS delivered FROM notification WHERE user_id = $1`,
      [userId],
    );
  }

  it('writes the outbox row in the same transaction and delivers the job once the worker runs', async () => {
    const userId = await register();
    const [row] = await platform.db.query<{ job_name: string; dispatched_at: Date | null }>(
      `SELECT o.job_name, o.dispatched_at FROM outbox o
         JOIN notification n ON n.id::text = o.payload->>'notificationId' WHERE n.user_id = $1`,
      [userId],
    );
    expect(row).toEqual({ job_name: 'notification.deliver', dispatched_at: null });

    await platform.startWorker();
    await platform.drainOutbox();
    expect(await deliveries(userId)).toEqual([{ delivery_count: 1, delivered: true }]);
  });

  it('delivers once even when the relay runs twice, concurrently and again after a reset', async () => {
    const userId = await register();
    await platform.startWorker();
    const relay = platform.worker!.get(OutboxRelayService);
    await Promise.all([relay.dispatchPending(), relay.dispatchPending()]);
    await platform.db.query(`UPDATE outbox SET dispatched_at = NULL WHERE completed_at IS NULL`);
    await relay.dispatchPending();
    await platform.drainOutbox();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveries(userId)).toEqual([{ delivery_count: 1, delivered: true }]);

    const queue: Queue = platform.worker!.get(QueueRegistry).get('notifications');
    const [outbox] = await platform.db.query<{ id: string }>(
      `SELECT o.id::text FROM outbox o JOIN notification n ON n.id::text = o.payload->>'notificationId'
        WHERE n.user_id = $1`,
      [userId],
    );
    const jobs = await queue.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
    expect(jobs.filter((job) => job.data.outboxId === outbox.id)).toHaveLength(1);
  });

  it('keeps accepting requests while Redis is down, and delivers everything once it is back', async () => {
    await platform.startWorker();
    await redisProxy.stop();
    let userIds: string[];
    try {
      userIds = [];
      for (let i = 0; i < 5; i += 1) userIds.push(await register());
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [{ pending }] = await platform.db.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox WHERE dispatched_at IS NULL`,
      );
      expect(pending).toBe(5);
    } finally {
      await redisProxy.start();
    }
    await platform.drainOutbox(30_000);
    for (const userId of userIds)
      expect(await deliveries(userId)).toEqual([{ delivery_count: 1, delivered: true }]);
  });

  it('re-dispatches a row whose job Redis lost, and closes one whose job completed unrecorded', async () => {
    const lostUser = await register();
    const closedUser = await register();
    await platform.startWorker();
    await platform.drainOutbox();
    await platform.stopWorker();

    const rows = await platform.db.query<{ id: string; user_id: string }>(
      `SELECT o.id::text, n.user_id::text FROM outbox o
         JOIN notification n ON n.id::text = o.payload->>'notificationId' WHERE n.user_id = ANY($1::uuid[])`,
      [[lostUser, closedUser]],
    );
    const lost = rows.find((row) => row.user_id === lostUser)!;
    const closed = rows.find((row) => row.user_id === closedUser)!;
    // Simulate Redis losing one job entirely, and a crash between the job finishing and the row closing.
    const queue = platform.api!.get(QueueRegistry).get('notifications');
    await platform.db.query(`UPDATE notification SET delivered_at = NULL WHERE user_id = $1`, [lostUser]);
    await platform.db.query(
      `UPDATE outbox SET completed_at = NULL, dispatched_at = now() - interval '1 hour' WHERE id = ANY($1::bigint[])`,
      [[lost.id, closed.id]],
    );
    await (await queue.getJob(`outbox-${lost.id}`))?.remove();

    await platform.startWorker();
    const outcome = await platform.worker!.get(OutboxRelayService).recoverStale();
    expect(outcome).toEqual({ redispatched: 1, closed: 1, failed: 0 });
    await platform.drainOutbox();
    await waitFor(async () => (await deliveries(lostUser))[0]?.delivered, { what: 'redelivery' });
    expect(await deliveries(lostUser)).toEqual([{ delivery_count: 2, delivered: true }]);
    expect(await deliveries(closedUser)).toEqual([{ delivery_count: 1, delivered: true }]);
  });
});
