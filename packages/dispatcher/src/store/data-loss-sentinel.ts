// Detects that Redis lost its data (FLUSHALL, a restart without persistence, eviction): a key the dispatcher
// sets and never deletes. Missing sentinel → everything in Redis must be presumed gone → rebuild.
import { randomBytes } from "node:crypto";
import { RedisKeys } from "@nesa/data-plane";
import type { RedisClient } from "../../../sidecar/src/redis/connection";

export class DataLossSentinel {
  readonly key: string;

  /** `prefix` is the network's Redis prefix. */
  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.key = new RedisKeys(prefix).dispatcherSentinel();
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
