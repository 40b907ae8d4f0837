// The hand-off seen from the miners' side: BullMQ Workers on the seat miners' queues (the sidecar's lock
// settings, its TensorStore reading the input by digest) get exactly their shard-0 jobs and can read the input;
// after FLUSHALL the restored jobs run again on the restored input.
import { randomBytes } from "node:crypto";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { type Job, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_LOCK_SETTINGS } from "../../sidecar/src/pipeline/miner-worker";
import { parseShardJob } from "../../sidecar/src/pipeline/shard-job";
import { TensorStore } from "../../sidecar/src/tensor/tensor-store";
import { ChainPendingWork } from "./chain/pending-work";
import { type DispatcherFixture, startDispatcherFixture } from "./testing/dispatcher-fixture";
import { eventually } from "./testing/eventually";
import { type PrivateRedis, startPrivateRedis } from "./testing/private-redis";
import { type ProtocolChain, sha256Hex, startProtocolChain } from "./testing/protocol-chain";

let pc: ProtocolChain;
let redis: PrivateRedis;
let fx: DispatcherFixture;
const workers: Worker[] = [];
const conns: Redis[] = [];
/** "miner job-id" → input bytes the worker read, per delivery. */
const runs: { miner: string; job: string; input: Buffer }[] = [];
const input = randomBytes(1000);

beforeAll(async () => {
  redis = await startPrivateRedis();
  pc = await startProtocolChain({ miners: 3, shards: 1 });
  fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: redis.url, tag: "handoff" });
  for (const miner of pc.miners) {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    conns.push(connection);
    const tensors = new TensorStore(connection, fx.keys, { ttlSeconds: 60, maxBytes: 1 << 20 });
    const worker = new Worker(
      fx.keys.minerQueue(miner),
      async (job: Job) => {
        const data = parseShardJob(job.data);
        runs.push({ miner, job: job.id ?? "", input: await tensors.getBytes(data.inputKey) });
      },
      { connection, prefix: fx.keys.bullPrefix, concurrency: 1, ...WORKER_LOCK_SETTINGS },
    );
    workers.push(worker);
  }
});

afterAll(async () => {
  for (const w of workers) await w.close();
  for (const c of conns) c.disconnect();
  await fx?.close();
  await pc?.close();
  await redis?.stop();
});

describe("hand-off to the miners", () => {
  let queryId: string;

  it("each seat miner's worker runs its own shard-0 job on the uploaded input", async () => {
    queryId = await pc.payForQuery(input, 3);
    expect((await fetch(`${fx.d.url}/v1/inputs/${queryId}`, { method: "PUT", body: new Uint8Array(input) })).status).toBe(201);
    await eventually(async () => (runs.length === 3 ? true : undefined), "3 runs");
    const comet = await Comet38Client.connect(pc.rpc.url);
    const seats = (await new ChainPendingWork(comet).query(queryId))!.seats;
    comet.disconnect();
    // Each job ran on the worker of the miner the chain seated there, once.
    expect(runs.map((r) => `${r.miner} ${r.job}`).sort()).toEqual(seats.map((s) => `${s.miner} ${queryId}/0/${s.replica}`).sort());
    for (const r of runs) expect(sha256Hex(r.input)).toBe(sha256Hex(input));
  });

  it("runs the restored jobs again after FLUSHALL", async () => {
    const first = runs.splice(0);
    await fx.redis.flushall();
    await pc.block();
    await eventually(async () => (runs.length === 3 ? true : undefined), "3 runs after the rebuild");
    expect(runs.map((r) => `${r.miner} ${r.job}`).sort()).toEqual(first.map((r) => `${r.miner} ${r.job}`).sort());
    for (const r of runs) expect(r.input.equals(input)).toBe(true);
  });
});
