// Real Redis: the client reads a generation's token stream where the last shard's miner XADDs it
// (@nesa/data-plane RedisKeys.genTokens, fields step and token), blocking until entries come.
import { RedisKeys } from "@nesa/data-plane";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../../../../sidecar/src/testing/redis-test-env";
import type { StreamedToken } from "../../generate/token-stream";
import { createRedisTokenStream, parseTokenEntries } from "./redis-token-stream";

describe("createRedisTokenStream", () => {
  const prefix = randomPrefix("client-ts");
  const keys = new RedisKeys(prefix);
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });
  // As the sidecar's GenerationRunner publishes a token.
  const xadd = (queryId: string, replica: number, step: number, token: number) => redis.xadd(keys.genTokens(queryId, replica), "*", "step", step, "token", token);

  it("reads what is stored, blocks for what follows, and on abort drains the rest and ends", async () => {
    const source = createRedisTokenStream(TEST_REDIS_URL, prefix, { blockMs: 2000 });
    await xadd("5", 0, 0, 41);
    await xadd("5", 1, 0, 99); // another replica's stream
    const stop = new AbortController();
    const got: StreamedToken[] = [];
    const reading = (async () => {
      for await (const t of source.read(5n, 0, stop.signal)) got.push(t);
    })();
    await new Promise((r) => setTimeout(r, 150));
    expect(got).toEqual([{ step: 0, token: 41 }]);
    const t0 = Date.now();
    await xadd("5", 0, 1, 42);
    while (got.length < 2 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
    expect(got[1]).toEqual({ step: 1, token: 42 });
    expect(Date.now() - t0).toBeLessThan(500); // woken by the entry, not by the block timeout
    await xadd("5", 0, 2, 43);
    stop.abort();
    await reading;
    expect(got.map((t) => t.token)).toEqual([41, 42, 43]);
    await source.close();
  });

  it("ends at once when aborted while nothing is stored yet", async () => {
    const source = createRedisTokenStream(TEST_REDIS_URL, prefix, { blockMs: 5000 });
    const stop = new AbortController();
    const t0 = Date.now();
    setTimeout(() => stop.abort(), 50);
    const got: StreamedToken[] = [];
    for await (const t of source.read(6n, 0, stop.signal)) got.push(t);
    expect(got).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
    await source.close();
  });

  it("skips malformed entries", () => {
    expect(parseTokenEntries([["k", [["1-0", ["step", "0", "token", "7"]], ["2-0", ["step", "x", "token", "1"]], ["3-0", ["token", "2"]]]]])).toEqual([{ id: "1-0", token: { step: 0, token: 7 } }]);
    expect(parseTokenEntries(null)).toEqual([]);
  });
});
