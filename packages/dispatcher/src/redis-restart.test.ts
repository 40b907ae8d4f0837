// Redis going away and coming back empty (a restart without persistence): the dispatcher reports unhealthy
// meanwhile, keeps following the chain, and restores the jobs and input once Redis answers again.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DispatcherFixture, startDispatcherFixture } from "./testing/dispatcher-fixture";
import { eventually } from "./testing/eventually";
import { type PrivateRedis, startPrivateRedis } from "./testing/private-redis";
import { type ProtocolChain, sha256Hex, startProtocolChain } from "./testing/protocol-chain";

let pc: ProtocolChain;
let redis: PrivateRedis;
let fx: DispatcherFixture;
const input = randomBytes(800);
let queryId: string;

const jobCount = async () => {
  let n = 0;
  for (const m of pc.miners) n += (await fx.queueOf(m).getJobCounts("waiting")).waiting;
  return n;
};

beforeAll(async () => {
  redis = await startPrivateRedis();
  pc = await startProtocolChain({ miners: 2, shards: 1 });
  fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: redis.url, tag: "restart" });
  queryId = await pc.payForQuery(input, 2);
  expect((await fetch(`${fx.d.url}/v1/inputs/${queryId}`, { method: "PUT", body: new Uint8Array(input) })).status).toBe(201);
  await eventually(async () => ((await jobCount()) === 2 ? true : undefined), "2 jobs");
});

afterAll(async () => {
  await fx?.close();
  await pc?.close();
  await redis?.stop();
});

describe("Redis restart without persistence", () => {
  it("is unhealthy while Redis is down", async () => {
    await redis.stop();
    await pc.block();
    await eventually(async () => ((await fetch(`${fx.d.url}/healthz`)).status === 503 ? true : undefined), "503 from /healthz");
  });

  it("restores jobs and input when Redis is back, empty", async () => {
    await redis.start();
    await pc.block();
    await eventually(async () => ((await jobCount()) === 2 ? true : undefined), "2 restored jobs");
    expect(await fx.redis.getBuffer(fx.keys.tensor(sha256Hex(input)))).toEqual(input);
    await eventually(async () => ((await fetch(`${fx.d.url}/healthz`)).status === 200 ? true : undefined), "200 from /healthz");
    const metrics = await (await fetch(`${fx.d.url}/metrics`)).text();
    expect(metrics).toMatch(/^nesa_dispatcher_rebuilds_total\{reason="data-loss"\} 1$/m);
  });
});
