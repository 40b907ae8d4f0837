// A 2-shard lande pipeline across two miner instances, with real Redis + BullMQ, a real model store over HTTP
// and real onnxruntime-node, compared with the unsplit model.
import { type ModelStoreServer, startModelStoreServer } from "@nesa/model-store";
import { createSession, decodeLande, landeBatch, maxAbsDiff, runSingle } from "@nesa/models";
import { Queue } from "bullmq";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARD_JOB_NAME } from "@nesa/data-plane";
import { resolveConfig } from "./config/miner-config";
import { MinerNode } from "./miner-node";
import { StaticAssignmentSource } from "./pipeline/assignment-source";
import type { SeatResult } from "./pipeline/result-recorder";
import { createRedis } from "./redis/connection";
import { type LandeFixture, prepareLandeFixture } from "./testing/lande-fixture";
import { TEST_REDIS_URL, deletePrefix, randomPrefix, waitFor, waitForJob } from "./testing/redis-test-env";

const A = "nesa1minerazzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
const B = "nesa1minerbzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
const TEXT = "Ceci est une phrase en français, assez longue pour que le modèle soit sûr de lui.";

describe("sidecar pipeline: 2-shard lande across two miners", () => {
  const prefix = randomPrefix("sidecar");
  const commits: SeatResult[] = [];
  const assignments = new StaticAssignmentSource();
  const log = pino({ level: "silent" });
  let dir: string;
  let fixture: LandeFixture;
  let store: ModelStoreServer;
  let minerA: MinerNode;
  let minerB: MinerNode;
  let queueA: Queue;
  let queueB: Queue;
  let conn: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-sidecar-"));
    fixture = await prepareLandeFixture(dir, 2);
    store = await startModelStoreServer({ dir: fixture.storeDir });
    const config = (name: string) =>
      resolveConfig({ redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url, cacheDir: join(dir, `cache-${name}`), metricsPort: 0 }, {});
    const onResult = async (r: SeatResult) => {
      commits.push(r);
    };
    minerA = await MinerNode.start({ config: config("a"), miner: A, assignments, onResult, logger: log });
    minerB = await MinerNode.start({ config: config("b"), miner: B, assignments, onResult, logger: log, serveMetrics: false });
    conn = createRedis(TEST_REDIS_URL);
    queueA = new Queue(minerA.queueName, { connection: conn, prefix: minerA.keys.bullPrefix });
    queueB = new Queue(minerB.queueName, { connection: conn, prefix: minerB.keys.bullPrefix });
  });

  afterAll(async () => {
    await Promise.allSettled([minerA?.stop(), minerB?.stop()]);
    await Promise.allSettled([queueA?.close(), queueB?.close()]);
    conn?.disconnect();
    await store?.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it("runs shard 0 on miner A, hands on to miner B, and matches the unsplit model", async () => {
    assignments.set({ queryId: "7", modelId: "lande", shards: fixture.shards, seats: [[A], [B]] });
    const input = landeBatch([TEXT]);
    const inputKey = await minerA.tensors.put({ dtype: "float32", dims: input.dims, data: input.data });
    await queueA.add(SHARD_JOB_NAME, { queryId: "7", shard: 0, replica: 0, inputKey }, { jobId: "7/0/0" });
    expect(await waitForJob(queueA, "7/0/0")).toBe("completed");
    // Miner A enqueued the next shard's job on miner B's queue under the seat's id.
    expect(await waitForJob(queueB, "7/1/0")).toBe("completed");

    const final = commits.find((c) => c.queryId === "7" && c.shard === 1);
    expect(final?.final).toBe(true);
    expect(final?.miner).toBe(B);
    const out = await minerB.tensors.get(final!.outputDigest);
    const full = await runSingle(await createSession(fixture.fullModelPath, { threads: 1 }), input);
    expect(out.dims).toEqual(full.dims);
    expect(maxAbsDiff({ dims: [...out.dims], data: out.data as Float32Array }, full)).toBeLessThanOrEqual(1e-6);
    expect(decodeLande(out.data as Float32Array).language).toBe(decodeLande(full).language);
    expect(decodeLande(full).language).toBe("fra");
  });

  it("processes a job delivered twice once, and commits each seat once", async () => {
    assignments.set({ queryId: "8", modelId: "lande", shards: fixture.shards, seats: [[A], [B]] });
    const input = landeBatch(["Das ist ein ganz normaler deutscher Satz über das Wetter."]);
    const inputKey = await minerA.tensors.put({ dtype: "float32", dims: input.dims, data: input.data });
    const data = { queryId: "8", shard: 0, replica: 0, inputKey };
    await Promise.all([queueA.add(SHARD_JOB_NAME, data, { jobId: "8/0/0" }), queueA.add(SHARD_JOB_NAME, data, { jobId: "8/0/0" })]);
    expect(await waitForJob(queueA, "8/0/0")).toBe("completed");
    expect(await waitForJob(queueB, "8/1/0")).toBe("completed");
    expect((await queueA.getJob("8/0/0"))?.attemptsMade).toBe(1);

    // A redelivery after the first job record is gone (e.g. a dispatcher rebuilding from chain state):
    // the work reruns, but the seat's result is already recorded, so the commit step is not called again.
    await (await queueA.getJob("8/0/0"))!.remove();
    await queueA.add(SHARD_JOB_NAME, data, { jobId: "8/0/0" });
    expect(await waitForJob(queueA, "8/0/0")).toBe("completed");
    const rerun = await queueA.getJob("8/0/0");
    expect(rerun?.returnvalue.recorded).toBe(false);
    await waitFor(() => commits.filter((c) => c.queryId === "8").length >= 2, "commits of query 8");
    const seats = commits.filter((c) => c.queryId === "8").map((c) => `${c.shard}/${c.replica}`);
    expect(seats.sort()).toEqual(["0/0", "1/0"]);
    expect(await minerA.recorder.get({ queryId: "8", shard: 0, replica: 0 })).toMatchObject({ miner: A });
  });

  it("refuses a seat it does not hold and a tampered input, without retrying", async () => {
    assignments.set({ queryId: "9", modelId: "lande", shards: fixture.shards, seats: [[A], [B]] });
    const input = landeBatch(["hello world, this is English"]);
    const inputKey = await minerB.tensors.put({ dtype: "float32", dims: input.dims, data: input.data });
    await queueB.add(SHARD_JOB_NAME, { queryId: "9", shard: 0, replica: 0, inputKey }, { jobId: "9/0/0", attempts: 3 });
    expect(await waitForJob(queueB, "9/0/0")).toBe("failed");
    const notSeated = await queueB.getJob("9/0/0");
    expect(notSeated?.failedReason).toMatch(/sidecar\/5: .* does not hold seat 9\/0\/0/);
    expect(notSeated?.attemptsMade).toBe(1);

    const redis = createRedis(TEST_REDIS_URL);
    await redis.set(minerA.keys.tensor(inputKey), Buffer.from("NTS1 altered"));
    redis.disconnect();
    await queueA.add(SHARD_JOB_NAME, { queryId: "9", shard: 0, replica: 0, inputKey }, { jobId: "9/0/0", attempts: 3 });
    expect(await waitForJob(queueA, "9/0/0")).toBe("failed");
    expect((await queueA.getJob("9/0/0"))?.failedReason).toMatch(/sidecar\/7: tensor stored under/);
    expect(commits.some((c) => c.queryId === "9")).toBe(false);
  });

  it("a --byzantine miner returns a perturbed output of the same shape for the same seat input", async () => {
    const evil = "nesa1minerczzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
    const cfg = resolveConfig({ redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url, cacheDir: join(dir, "cache-c"), byzantine: true }, {});
    const onResult = async (r: SeatResult) => void commits.push(r);
    const minerC = await MinerNode.start({ config: cfg, miner: evil, assignments, onResult, logger: log, serveMetrics: false });
    const connC = createRedis(TEST_REDIS_URL);
    const queueC = new Queue(minerC.queueName, { connection: connC, prefix: minerC.keys.bullPrefix });
    try {
      // Two replicas of the same 1-shard-deep seat: replica 0 honest (A), replica 1 byzantine (C).
      assignments.set({ queryId: "10", modelId: "lande", shards: fixture.shards, seats: [[A, evil], [B, B]] });
      const input = landeBatch(["Das ist ein ganz normaler deutscher Satz über das Wetter."]);
      const inputKey = await minerA.tensors.put({ dtype: "float32", dims: input.dims, data: input.data });
      await queueA.add(SHARD_JOB_NAME, { queryId: "10", shard: 0, replica: 0, inputKey }, { jobId: "10/0/0" });
      await queueC.add(SHARD_JOB_NAME, { queryId: "10", shard: 0, replica: 1, inputKey }, { jobId: "10/0/1" });
      expect(await waitForJob(queueA, "10/0/0")).toBe("completed");
      expect(await waitForJob(queueC, "10/0/1")).toBe("completed");
      const honest = commits.find((c) => c.queryId === "10" && c.shard === 0 && c.replica === 0)!;
      const byz = commits.find((c) => c.queryId === "10" && c.shard === 0 && c.replica === 1)!;
      expect(byz.outputDigest).not.toBe(honest.outputDigest);
      const [h, b] = await Promise.all([minerA.tensors.get(honest.outputDigest), minerA.tensors.get(byz.outputDigest)]);
      expect(b.dims).toEqual(h.dims);
      expect(maxAbsDiff({ dims: [...b.dims], data: b.data as Float32Array }, { dims: [...h.dims], data: h.data as Float32Array })).toBeGreaterThan(0.1);
    } finally {
      await queueC.close();
      connC.disconnect();
      await minerC.stop();
    }
  });

  it("serves Prometheus metrics and health on 127.0.0.1", async () => {
    expect(minerA.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metrics = await (await fetch(`${minerA.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/nesa_miner_jobs_total\{outcome="completed"\} [1-9]/);
    expect(metrics).toMatch(/nesa_miner_jobs_total\{outcome="duplicate"\} 1/);
    expect(metrics).toMatch(/nesa_miner_jobs_total\{outcome="unrecoverable"\} 1/);
    expect(metrics).toMatch(/nesa_miner_shard_run_seconds_count\{model="lande",shard="0"\} [1-9]/);
    const health = await fetch(`${minerA.metricsUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", redis: "ok", worker: "running" });
  });
});
