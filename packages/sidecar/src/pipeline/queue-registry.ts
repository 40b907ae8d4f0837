// One BullMQ Queue object per queue name, shared by every job of this process (a Queue holds a Redis
// connection; creating one per enqueue would leak them).
import { Queue } from "bullmq";
import type { RedisClient } from "../redis/connection";
import type { RedisKeys } from "@nesa/data-plane";

export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.keys.bullPrefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
