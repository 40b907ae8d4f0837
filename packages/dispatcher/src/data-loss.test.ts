// Redis losing everything (FLUSHALL on a private redis-server): the dispatcher sees the missing sentinel at the
// next block and restores the shard-0 jobs (same ids, same data) and the inputs (from its spool). Also after
// a dispatcher restart on an empty Redis. Prints the measured recovery times.
import { randomBytes } from "node:crypto";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChainPendingWork } from "./chain/pending-work";
import { type DispatcherFixture, startDispatcherFixture } from "./testing/dispatcher-fixture";
import { eventually } from "./testing/eventually";
import { type PrivateRedis, startPrivateRedis } from "./testing/private-redis";
import { type ProtocolChain, sha256Hex, startProtocolChain } from "./testing/protocol-chain";

let pc: ProtocolChain;
let redis: PrivateRedis;
let fx: DispatcherFixture;
const inputs = [randomBytes(500), randomBytes(700)];
const ids: string[] = [];
type Snapshot = Map<string, unknown>;

/** Every shard-0 job of the test's queries (by id) with its data, read through BullMQ. */
async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const comet = await Comet38Client.connect(pc.rpc.url);
  const chain = new ChainPendingWork(comet);
  for (const id of ids) {
    const q = await chain.query(id);
    for (const s of q!.seats.filter((x) => x.shard === 0)) {
      const job = await fx.queueOf(s.miner).getJob(`${id}/0/${s.replica}`);
      if (job) out.set(`${s.miner} ${job.id}`, job.data);
    }
  }
  comet.disconnect();
  return out;
}

async function inputsInRedis(): Promise<boolean> {
  for (const b of inputs) if (!(await fx.redis.getBuffer(fx.keys.tensor(sha256Hex(b))))?.equals(b)) return false;
  return true;
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  pc = await startProtocolChain({ miners: 3, shards: 1 });
  fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: redis.url, tag: "dataloss" });
  for (const b of inputs) {
    const id = await pc.payForQuery(b, 3);
    ids.push(id);
    expect((await fetch(`${fx.d.url}/v1/inputs/${id}`, { method: "PUT", body: new Uint8Array(b) })).status).toBe(201);
  }
});

afterAll(async () => {
  await fx?.close();
  await pc?.close();
  await redis?.stop();
});

describe("Redis data loss", () => {
  let before: Snapshot;

  it("has 3 shard-0 jobs per query before the loss", async () => {
    before = await eventually(async () => {
      const s = await snapshot();
      return s.size === 6 ? s : undefined;
    }, "6 shard-0 jobs");
    expect(await inputsInRedis()).toBe(true);
  });

  it("detects FLUSHALL at the next block and restores the same jobs and the inputs", async () => {
    await fx.redis.flushall();
    expect((await snapshot()).size).toBe(0);
    const t0 = performance.now();
    await pc.block();
    await eventually(async () => ((await snapshot()).size === 6 && (await inputsInRedis()) ? true : undefined), "restored jobs and inputs");
    const ms = performance.now() - t0;
    console.log(`recovery after FLUSHALL (block produced at once): ${ms.toFixed(0)} ms for ${ids.length} queries / 6 jobs`);
    expect(await snapshot()).toEqual(before);
    const metrics = await (await fetch(`${fx.d.url}/metrics`)).text();
    expect(metrics).toMatch(/^nesa_dispatcher_rebuilds_total\{reason="data-loss"\} 1$/m);
    expect(metrics).toMatch(/^nesa_dispatcher_inputs_restored_total 2$/m);
    expect(metrics).toMatch(/^nesa_dispatcher_jobs_enqueued_total 12$/m);
  });

  it("restores everything when the dispatcher restarts on an emptied Redis", async () => {
    await fx.d.close();
    await fx.redis.flushall();
    const t0 = performance.now();
    await fx.restart();
    await eventually(async () => ((await snapshot()).size === 6 && (await inputsInRedis()) ? true : undefined), "restored jobs and inputs");
    console.log(`recovery at dispatcher start on an empty Redis: ${(performance.now() - t0).toFixed(0)} ms (incl. startup)`);
    expect(await snapshot()).toEqual(before);
  });

  it("after commits on chain, restores only the replica pipelines that still have work", async () => {
    const comet = await Comet38Client.connect(pc.rpc.url);
    const seat = (await new ChainPendingWork(comet).query(ids[0]))!.seats.find((s) => s.shard === 0 && s.replica === 0)!;
    comet.disconnect();
    // The seat's miner commits through a real tx: the query moves to COMMITTING and replica 0 is done.
    await pc.send(pc.miners.indexOf(seat.miner) + 1, [
      { typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { miner: seat.miner, queryId: BigInt(ids[0]), shard: 0, replica: 0, commitment: new Uint8Array(32).fill(7) } },
    ]);
    await fx.redis.flushall();
    await pc.block();
    const expected = new Map([...before].filter(([k]) => k !== `${seat.miner} ${ids[0]}/0/0`));
    await eventually(async () => ((await snapshot()).size === 5 ? true : undefined), "5 restored jobs");
    expect(await snapshot()).toEqual(expected);
    expect(fx.d.lastPass()).toMatchObject({ pendingQueries: 2, rebuilt: "data-loss" });
  });
});
