// The dispatcher against a real nesad (protocol modules, real txs, RPC over HTTP and WebSocket) and the
// shared Redis (own prefix): assignment → shard-0 jobs in the seat miners' queues; idempotent passes;
// the ingest endpoint's refusals; /metrics and /healthz.
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueRegistry } from "../../sidecar/src/pipeline/queue-registry";
import { TEST_REDIS_URL } from "../../sidecar/src/testing/redis-test-env";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { ChainPendingWork } from "./chain/pending-work";
import { Dispatcher } from "./dispatcher";
import { DispatcherMetrics } from "./metrics/dispatcher-metrics";
import { Shard0Enqueuer } from "./queue/shard0-enqueuer";
import { DataLossSentinel } from "./store/data-loss-sentinel";
import { InputSpool } from "./store/input-spool";
import { InputStore } from "./store/input-store";
import { HssUploadStore } from "./store/hss-upload-store";
import { type DispatcherFixture, startDispatcherFixture } from "./testing/dispatcher-fixture";
import { eventually } from "./testing/eventually";
import { type ProtocolChain, sha256Hex, startProtocolChain } from "./testing/protocol-chain";

let pc: ProtocolChain;
let fx: DispatcherFixture;
const input = randomBytes(300);
let queryId: string;

const put = (id: string, body: Uint8Array) => fetch(`${fx.d.url}/v1/inputs/${id}`, { method: "PUT", body: new Uint8Array(body) });

async function seats(id: string) {
  const comet = await Comet38Client.connect(pc.rpc.url);
  try {
    const q = await new ChainPendingWork(comet).query(id);
    return q!.seats;
  } finally {
    comet.disconnect();
  }
}

beforeAll(async () => {
  pc = await startProtocolChain({ miners: 4, shards: 2 });
  fx = await startDispatcherFixture({ rpcUrl: pc.rpc.url, redisUrl: TEST_REDIS_URL, tag: "dispatcher", maxInputBytes: 4096 });
});

afterAll(async () => {
  await fx?.close();
  await pc?.close();
});

describe("dispatcher on a real chain", () => {
  it("waits for the input, then enqueues shard 0 of every replica in its seat miner's queue", async () => {
    queryId = await pc.payForQuery(input, 2);
    const report = await eventually(async () => {
      const r = fx.d.lastPass();
      return r && r.pendingQueries === 1 ? r : undefined;
    }, "a pass that sees the assigned query");
    expect(report.inputsMissing).toEqual([queryId]);
    const all = await seats(queryId);
    for (const s of all) expect(await fx.queueOf(s.miner).getJob(`${queryId}/${s.shard}/${s.replica}`)).toBeUndefined();

    const res = await put(queryId, input);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ queryId, digest: sha256Hex(input), bytes: input.length });

    for (const s of all.filter((x) => x.shard === 0)) {
      const job = await eventually(() => fx.queueOf(s.miner).getJob(`${queryId}/0/${s.replica}`), `job ${queryId}/0/${s.replica}`);
      expect(job.name).toBe("shard");
      expect(job.data).toEqual({ queryId, shard: 0, replica: s.replica, inputKey: sha256Hex(input) });
    }
    // Shard-1 jobs are the sidecar's to enqueue (with shard 0's output), never the dispatcher's.
    for (const s of all.filter((x) => x.shard === 1)) expect(await fx.queueOf(s.miner).getJob(`${queryId}/1/${s.replica}`)).toBeUndefined();
    // The input is in the data plane under the sidecar's tensor key.
    expect(await fx.redis.getBuffer(fx.keys.tensor(sha256Hex(input)))).toEqual(input);
  });

  it("enqueues nothing new on later passes, nor from a fresh dispatcher on the same Redis", async () => {
    const shard0 = (await seats(queryId)).filter((s) => s.shard === 0);
    const before = await Promise.all(shard0.map((s) => fx.queueOf(s.miner).getJob(`${queryId}/0/${s.replica}`)));
    const h = await pc.block();
    const after = await eventually(async () => {
      const r = fx.d.lastPass();
      return r && r.height >= h ? r : undefined;
    }, "a pass at the new height");
    expect(after.enqueued).toBe(0);

    // A second dispatcher starts with an empty memory: only BullMQ's job ids keep it from duplicating.
    const comet = await Comet38Client.connect(pc.rpc.url);
    const queues = new QueueRegistry(fx.redis, fx.keys);
    const metrics = new DispatcherMetrics();
    const fresh = new Dispatcher({
      work: new ChainPendingWork(comet),
      inputs: new InputStore(fx.redis, fx.keys, new InputSpool(fx.cfg.spoolDir), 60),
      shares: new HssUploadStore(fx.redis, fx.keys, new InputSpool(fx.cfg.spoolDir), new InputStore(fx.redis, fx.keys, new InputSpool(fx.cfg.spoolDir), 60), 60),
      enqueuer: new Shard0Enqueuer(queues, fx.keys, 60),
      sentinel: new DataLossSentinel(fx.redis, fx.cfg.redisPrefix),
      metrics,
      logger: pino({ level: "silent" }),
    });
    const r = await fresh.pass(h);
    expect(r.rebuilt).toBe("start");
    expect(r.enqueued).toBe(0);
    expect(r.inputsRestored).toBe(0);
    await queues.close();
    comet.disconnect();

    for (const [i, s] of shard0.entries()) {
      const queue = fx.queueOf(s.miner);
      expect(await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed")).toEqual({ waiting: 1, active: 0, delayed: 0, completed: 0, failed: 0 });
      expect((await queue.getJob(`${queryId}/0/${s.replica}`))?.timestamp).toBe(before[i]?.timestamp);
    }
  });

  it("refuses a blob whose sha256 differs from the on-chain commitment, and stores nothing", async () => {
    const other = randomBytes(300);
    const res = await put(queryId, other);
    expect(res.status).toBe(422);
    expect((await res.json()).reason).toBe("commitment-mismatch");
    expect(await fx.redis.exists(fx.keys.tensor(sha256Hex(other)))).toBe(0);
    expect(await new InputSpool(fx.cfg.spoolDir).get(sha256Hex(other))).toBeUndefined();
  });

  it("refuses a body over the limit (declared or streamed), an unknown query and a bad id", async () => {
    const big = await put(queryId, randomBytes(4097));
    expect(big.status).toBe(413);
    // Chunked upload without Content-Length: cut off while streaming.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(randomBytes(1000));
        c.close();
      },
    });
    const chunked = await fetch(`${fx.d.url}/v1/inputs/${queryId}`, { method: "PUT", body: stream, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await put("999", input)).status).toBe(404);
    expect((await put("12x", input)).status).toBe(400);
  });

  it("serves /metrics and /healthz", async () => {
    const text = await (await fetch(`${fx.d.url}/metrics`)).text();
    expect(text).toMatch(/^nesa_dispatcher_jobs_enqueued_total 2$/m);
    expect(text).toMatch(new RegExp(`^nesa_dispatcher_ingest_bytes_total ${input.length}$`, "m"));
    expect(text).toMatch(/^nesa_dispatcher_ingest_rejected_total\{reason="commitment-mismatch"\} 1$/m);
    expect(text).toMatch(/^nesa_dispatcher_ingest_rejected_total\{reason="too-large"\} 2$/m);
    expect(text).toMatch(/^nesa_dispatcher_rebuilds_total\{reason="start"\} 1$/m);
    expect(text).toMatch(/^nesa_dispatcher_height [1-9]\d*$/m);
    const health = await fetch(`${fx.d.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", redis: "ready" });
  });
});

describe("input uploaded by digest before paying", () => {
  const putByDigest = (digest: string, body: Uint8Array) => fetch(`${fx.d.url}/v1/inputs/sha256/${digest}`, { method: "PUT", body: new Uint8Array(body) });

  it("is stored like a verified input, and the query's shard-0 jobs need no further upload", async () => {
    const early = randomBytes(200);
    const res = await putByDigest(sha256Hex(early), early);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ digest: sha256Hex(early), bytes: early.length });
    expect(await fx.redis.getBuffer(fx.keys.tensor(sha256Hex(early)))).toEqual(early);
    expect(await fx.redis.ttl(fx.keys.tensor(sha256Hex(early)))).toBeGreaterThan(0);
    expect(await new InputSpool(fx.cfg.spoolDir).get(sha256Hex(early))).toEqual(early);

    const id = await pc.payForQuery(early, 1);
    const [s] = (await seats(id)).filter((x) => x.shard === 0);
    const job = await eventually(() => fx.queueOf(s.miner).getJob(`${id}/0/${s.replica}`), `job ${id}/0/${s.replica}`);
    expect(job.data).toEqual({ queryId: id, shard: 0, replica: s.replica, inputKey: sha256Hex(early) });
    const text = await (await fetch(`${fx.d.url}/metrics`)).text();
    expect(text).toMatch(/^nesa_dispatcher_inputs_preuploaded_total 1$/m);
  });

  it("refuses a body that does not hash to the path (422) or a malformed digest (400), and stores nothing", async () => {
    const body = randomBytes(100);
    const wrong = sha256Hex(randomBytes(100));
    const res = await putByDigest(wrong, body);
    expect(res.status).toBe(422);
    expect((await res.json()).reason).toBe("digest-mismatch");
    for (const d of [wrong, sha256Hex(body)]) {
      expect(await fx.redis.exists(fx.keys.tensor(d))).toBe(0);
      expect(await new InputSpool(fx.cfg.spoolDir).get(d)).toBeUndefined();
    }
    expect((await putByDigest(sha256Hex(body).toUpperCase(), body)).status).toBe(400);
    expect((await putByDigest("abc", body)).status).toBe(400);
    expect((await putByDigest(sha256Hex(body), randomBytes(4097))).status).toBe(413);
  });
});
