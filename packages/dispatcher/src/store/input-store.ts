// Inputs in the data plane: written to Redis under the sidecar's tensor key (so a miner's TensorStore reads
// them as any tensor) and to the spool; restored from the spool when Redis no longer has them.
import type { RedisClient } from "../../../sidecar/src/redis/connection";
import type { RedisKeys } from "@nesa/data-plane";
import type { InputSpool } from "./input-spool";

export type EnsureResult = "present" | "restored" | "missing";

export class InputStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly spool: InputSpool,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Stores a verified blob (the caller checked it against the chain's input_commitment). Redis first: a pass
   * running meanwhile then finds it there instead of "restoring" it from a half-finished upload; the upload
   * is acknowledged only once the spool holds it too.
   */
  async put(digest: string, bytes: Uint8Array): Promise<void> {
    await this.redis.set(this.keys.tensor(digest), Buffer.from(bytes), "EX", this.ttlSeconds);
    await this.spool.put(digest, bytes);
  }

  /** Makes sure the input is in Redis, re-putting it from the spool if Redis lost it. */
  async ensure(digest: string): Promise<EnsureResult> {
    if ((await this.redis.exists(this.keys.tensor(digest))) === 1) return "present";
    const bytes = await this.spool.get(digest);
    if (!bytes) return "missing";
    await this.redis.set(this.keys.tensor(digest), bytes, "EX", this.ttlSeconds);
    return "restored";
  }
}
