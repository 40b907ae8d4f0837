// Graceful stop with real Redis + BullMQ + onnxruntime: a running job finishes before stop() returns; a job that
// does not finish within the grace period is released and taken over by another instance of the same miner.
import { type ModelStoreServer, startModelStoreServer } from "@nesa/model-store";
import { landeBatch } from "@nesa/models";
import { Queue } from "bullmq";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARD_JOB_NAME } from "@nesa/data-plane";
import { resolveConfig } from "./config/miner-config";
import { MinerNode } from "./miner-node";
import { type Assignment, type AssignmentSource, StaticAssignmentSource } from "./pipeline/assignment-source";
import type { SeatResult } from "./pipeline/result-recorder";
import { createRedis } from "./redis/connection";
import { type LandeFixture, prepareLandeFixture } from "./testing/lande-fixture";
import { TEST_REDIS_URL, deletePrefix, randomPrefix, waitFor, waitForJob } from "./testing/redis-test-env";

const M = "nesa1shutdownzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

/** Holds every job at its seat check until released, so a test can stop the miner mid-job. */
class GatedAssignments implements AssignmentSource {
  entered = 0;
  private release!: () => void;
  private gate = new Promise<void>((r) => {
    this.release = r;
  });
  constructor(private readonly inner: StaticAssignmentSource) {}
  async get(queryId: string): Promise<Assignment | undefined> {
    this.entered++;
    await this.gate;
    return this.inner.get(queryId);
  }
  open(): void {
    this.release();
  }
}

describe("MinerNode.stop", () => {
  const prefix = randomPrefix("shutdown");
  const log = pino({ level: process.env.TEST_LOG ?? "silent" });
  let dir: string;
  let fixture: LandeFixture;
  let store: ModelStoreServer;
  let conn: ReturnType<typeof createRedis>;
  let queue: Queue;
  let inputKey: string;
  const assignments = new StaticAssignmentSource();

  const config = (name: string) =>
    resolveConfig({ redisUrl: TEST_REDIS_URL, redisPrefix: prefix, modelStoreUrl: store.url, cacheDir: join(dir, `cache-${name}`) }, {});
  const one = (queryId: string) => ({ queryId, modelId: "lande", shards: fixture.shards.slice(0, 1), seats: [[M]] });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nesa-shutdown-"));
    fixture = await prepareLandeFixture(dir, 2);
    store = await startModelStoreServer({ dir: fixture.storeDir });
    conn = createRedis(TEST_REDIS_URL);
    const probe = await MinerNode.start({ config: config("probe"), miner: M, assignments, onResult: async () => {}, logger: log, serveMetrics: false });
    queue = new Queue(probe.queueName, { connection: conn, prefix: probe.keys.bullPrefix });
    const x = landeBatch(["graceful shutdown"]);
    inputKey = await probe.tensors.put({ dtype: "float32", dims: x.dims, data: x.data });
    await probe.stop();
  });

  afterAll(async () => {
    await queue?.close();
    conn?.disconnect();
    await store?.close();
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it("lets the running job finish and commit before it returns", async () => {
    assignments.set(one("31"));
    const gated = new GatedAssignments(assignments);
    const commits: SeatResult[] = [];
    const node = await MinerNode.start({ config: config("a"), miner: M, assignments: gated, onResult: async (r) => void commits.push(r), logger: log, serveMetrics: false });
    await queue.add(SHARD_JOB_NAME, { queryId: "31", shard: 0, replica: 0, inputKey }, { jobId: "31/0/0" });
    await waitFor(() => gated.entered === 1, "job to start");
    const stopped = node.stop();
    expect((await node.healthCheck()).ok).toBe(false);
    gated.open();
    await stopped;
    expect(commits.map((c) => c.queryId)).toEqual(["31"]);
    expect(await queue.getJobState("31/0/0")).toBe("completed");
  });

  it("releases a job that outlives the grace period; another instance of the miner finishes it", async () => {
    assignments.set(one("32"));
    const stuck = new GatedAssignments(assignments);
    const first = await MinerNode.start({ config: config("b"), miner: M, assignments: stuck, onResult: async () => {}, logger: log, serveMetrics: false, shutdownGraceMs: 200 });
    await queue.add(SHARD_JOB_NAME, { queryId: "32", shard: 0, replica: 0, inputKey }, { jobId: "32/0/0" });
    await waitFor(() => stuck.entered === 1, "job to start");
    await first.stop();
    const commits: SeatResult[] = [];
    const second = await MinerNode.start({ config: config("c"), miner: M, assignments, onResult: async (r) => void commits.push(r), logger: log, serveMetrics: false });
    try {
      expect(await waitForJob(queue, "32/0/0", 30_000)).toBe("completed");
      expect(commits.map((c) => c.queryId)).toEqual(["32"]);
    } finally {
      stuck.open();
      await second.stop();
    }
  });
});
