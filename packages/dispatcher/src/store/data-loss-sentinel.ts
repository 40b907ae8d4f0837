// Detects that Redis lost its data (FLUSHALL, a restart without persistence, eviction): a key the dispatcher
// sets and never deletes. Missing sentinel → everything in Redis must be presumed gone → rebuild.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export class DataLossSentinel {
  readonly key: string;

  /** `prefix` is the network's Redis prefix (the key should move into the sidecar's RedisKeys). */
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:dispatcher:sentinel`;
  }

  async intact(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }

  /** Set before a rebuild starts, so a data loss during the rebuild is seen at the next check. */
  async mark(): Promise<string> {
    const epoch = `${new Date().toISOString()}/${randomBytes(4).toString("hex")}`;
    await this.redis.set(this.key, epoch);
    return epoch;
  }
}
