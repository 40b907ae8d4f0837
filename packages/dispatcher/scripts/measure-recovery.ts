// Measures the dispatcher's recovery after FLUSHALL on a private redis-server with N assigned queries
// (3 replicas, 2 shards, 64 KiB inputs). Usage: pnpm tsx packages/dispatcher/scripts/measure-recovery.ts [N=100]
import { createHash, randomBytes } from "node:crypto";
import { startDispatcherFixture } from "../src/testing/dispatcher-fixture";
import { eventually } from "../src/testing/eventually";
import { startPrivateRedis } from "../src/testing/private-redis";
import { startProtocolChain } from "../src/testing/protocol-chain";

const N = Number(process.argv[2] ?? 100);
// The chain fails queries 10 blocks after assignment: pay in few blocks (20 msgs per tx fit the test gas).
const PER_TX = 20;

const redis = await startPrivateRedis();
const pc = await startProtocolChain({ miners: 6, shards: 2 });
const fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: redis.url, tag: "measure" });
try {
  const inputs = Array.from({ length: N }, () => randomBytes(64 * 1024));
  const msgs = inputs.map((b) => ({
    typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
    value: {
      sender: pc.user, modelId: pc.modelId, inputCommitment: createHash("sha256").update(b).digest(), inputBytes: BigInt(b.length),
      replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "1000000000" }, timeoutBlocks: 1000n,
    },
  }));
  for (let i = 0; i < N; i += PER_TX) await pc.send(7, msgs.slice(i, i + PER_TX));
  await pc.block();
  for (let i = 0; i < N; i++) await fetch(`${fx.d.url}/v1/inputs/${i + 1}`, { method: "PUT", body: new Uint8Array(inputs[i]) });
  const waiting = async () => {
    let n = 0;
    for (const m of pc.miners) n += (await fx.queueOf(m).getJobCounts("waiting")).waiting;
    return n;
  };
  await eventually(async () => ((await waiting()) === N * 3 ? true : undefined), "all jobs", 120_000);
  await fx.redis.flushall();
  const t0 = performance.now();
  await pc.block();
  await eventually(async () => (fx.d.lastPass()?.rebuilt === "data-loss" ? true : undefined), "the rebuild", 120_000);
  const ms = performance.now() - t0;
  const r = fx.d.lastPass();
  console.log(JSON.stringify({ queries: r?.pendingQueries, jobs: r?.enqueued, inputsRestored: r?.inputsRestored, jobsWaiting: await waiting(), recoveryMs: Math.round(ms) }));
} finally {
  await fx.close();
  await pc.close();
  await redis.stop();
}
