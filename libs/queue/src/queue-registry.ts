import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const CLOSE_GRACE_MS = 2000;

/**
 * Looks up the BullMQ Queue for a name taken from an outbox row. All producers share one Redis connection
 * that the registry owns: BullMQ's own `disconnect()` waits for the connection's initialisation and its
 * `end` event, neither of which may come while Redis is away or reconnecting, whereas dropping a connection
 * we own is immediate.
 */
export class QueueRegistry {
  private readonly byName: Map<string, Queue>;

  constructor(
    private readonly connection: Redis,
    queues: Queue[],
  ) {
    this.byName = new Map(queues.map((queue) => [queue.name, queue]));
  }

  get(name: string): Queue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`Unknown queue "${name}"`);
    return queue;
  }

  all(): Queue[] {
    return [...this.byName.values()];
  }

  /** Producers hold no unsent work (the outbox does), so after a short grace the connection is dropped. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    const closed = Promise.all(this.all().map((queue) => queue.close().catch(() => undefined)));
    await Promise.race([closed, grace]).finally(() => clearTimeout(timer));
    this.connection.disconnect();
  }
}
