import { Queue } from 'bullmq';

/** Looks up the BullMQ Queue for a name taken from an outbox row. */
export class QueueRegistry {
  private readonly byName: Map<string, Queue>;

  constructor(queues: Queue[]) {
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
}
