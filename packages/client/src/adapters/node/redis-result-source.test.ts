// Real Redis: the client reads result tensors where miners store them (@nesa/data-plane RedisKeys.tensor).
import { RedisKeys } from "@nesa/data-plane";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../../../../sidecar/src/testing/redis-test-env";
import { createRedisResultSource } from "./redis-result-source";

describe("createRedisResultSource", () => {
  const prefix = randomPrefix("client-rs");
  afterAll(() => deletePrefix(prefix));

  it("reads the bytes stored under a digest's tensor key, and nothing for a digest not stored", async () => {
    const digest = "cd".repeat(32);
    const redis = new Redis(TEST_REDIS_URL);
    await redis.set(new RedisKeys(prefix).tensor(digest), Buffer.from([5, 6, 7]), "EX", 60);
    redis.disconnect();
    const source = createRedisResultSource(TEST_REDIS_URL, prefix);
    expect(await source.getTensor(digest)).toEqual(new Uint8Array([5, 6, 7]));
    expect(await source.getTensor("ef".repeat(32))).toBeUndefined();
    await source.close?.();
  });

  it("refuses a prefix outside the data plane's key layout", () => {
    expect(() => createRedisResultSource(TEST_REDIS_URL, "nesa:x")).toThrow(/redisPrefix/);
  });
});
