// Real Redis: the client reads result tensors under exactly the key the sidecar writes them to.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisKeys } from "../../../../sidecar/src/redis/redis-keys";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../../../../sidecar/src/testing/redis-test-env";
import { createRedisResultSource, tensorKey } from "./redis-result-source";

describe("createRedisResultSource", () => {
  const prefix = randomPrefix("client-rs");
  afterAll(() => deletePrefix(prefix));

  it("uses the sidecar's tensor key layout and reads the stored bytes back", async () => {
    const digest = "cd".repeat(32);
    expect(tensorKey(prefix, digest)).toBe(new RedisKeys(prefix).tensor(digest));
    const redis = new Redis(TEST_REDIS_URL);
    await redis.set(new RedisKeys(prefix).tensor(digest), Buffer.from([5, 6, 7]), "EX", 60);
    redis.disconnect();
    const source = createRedisResultSource(TEST_REDIS_URL, prefix);
    expect(await source.getTensor(digest)).toEqual(new Uint8Array([5, 6, 7]));
    expect(await source.getTensor("ef".repeat(32))).toBeUndefined();
    await source.close?.();
  });
});
