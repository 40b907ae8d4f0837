// The miner's fast path on a real nesad with manual blocks (real LevelDB, real CometBFT RPC and WebSocket, real
// Redis + BullMQ): submissions made together share one tx, a batch the chain refuses is re-sent msg by msg, and
// a seat is revealed in the first block after its query's reveal phase opens, driven by followed blocks alone
// (block-driven.test.ts counts the requests this takes).
import { ChainFollower } from "@nesa/client";
import { inferenceState } from "@nesa/proto-types";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisKeys, jobId } from "@nesa/data-plane";
import { eventually } from "../../../client/src/testing/eventually";
import { type ProtocolChain, startProtocolChain } from "../../../dispatcher/src/testing/protocol-chain";
import { MinerMetrics } from "../metrics/miner-metrics";
import { QueueRegistry } from "../pipeline/queue-registry";
import { createRedis } from "../redis/connection";
import { TensorStore } from "../tensor/tensor-store";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../testing/redis-test-env";
import { ChainReader } from "./chain-reader";
import { CommitStep } from "./commit-step";
import { minerBlockHandler } from "./miner-block-handler";
import { PendingRevealMemory } from "./pending-reveal-memory";
import { RevealScheduler } from "./reveal-scheduler";
import { RevealSender } from "./reveal-sender";
import { CosmjsTxBackend } from "./tx-backend";
import { TxSubmitter } from "./tx-submitter";

const { QueryStatus } = inferenceState;
const log = pino({ level: process.env.TEST_LOG ?? "silent" });

describe("miner fast path on a manual-block nesad", () => {
  const prefix = randomPrefix("fastpath");
  let pc: ProtocolChain;
  let backend: CosmjsTxBackend;
  let reader: ChainReader;
  let miner: string;
  const redis = createRedis(TEST_REDIS_URL);
  const keys = new RedisKeys(prefix);
  const queues = new QueueRegistry(redis, keys);

  const commitMsg = (queryId: string, replica = 0) => ({
    typeUrl: "/nesa.inference.v1.MsgCommitResult",
    value: { miner, queryId: BigInt(queryId), shard: 0, replica, commitment: new Uint8Array(32).fill(7) },
  });
  /** Produces blocks while `work` runs, one whenever the mempool holds a tx (as a live chain would). */
  async function withBlocks<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    while (!done) {
      if (pc.chain.node.mempoolSize() > 0) await pc.block();
      await new Promise((r) => setTimeout(r, 5));
    }
    return finished;
  }

  /** The miner's commit → block-driven reveal path (the durable fallback job waits a minute), on this test's prefix. */
  async function revealPath(memory?: PendingRevealMemory) {
    const tensors = new TensorStore(redis, keys, { ttlSeconds: 600, maxBytes: 1 << 20 });
    const submitter = new TxSubmitter({ address: miner, backend, logger: log, pollMs: 60_000 });
    const sender = new RevealSender({ miner, keys, redis, queues, chain: reader, tensors, submitter, logger: log, memory });
    const scheduler = new RevealScheduler(reader, sender, log);
    const follower = new ChainFollower({
      rpcUrl: pc.rpc.url,
      comet: reader.comet,
      pollIntervalMs: 20,
      wsCheckIntervalMs: 1000,
      onHeight: async () => {},
      onBlock: minerBlockHandler({ submitter, reveals: () => ({ sender, scheduler }) }),
    });
    await follower.start();
    const step = new CommitStep({ redis, keys, queues, submitter, logger: log, ttlSeconds: 600, revealFallbackMs: 60_000, memory, onCommitted: (c, s) => scheduler.track(c, s.height) });
    return { tensors, step, follower };
  }

  beforeAll(async () => {
    pc = await startProtocolChain({ miners: 1, shards: 1 });
    miner = pc.miners[0];
    backend = await CosmjsTxBackend.connect({ rpcUrl: pc.rpc.url, signer: pc.chain.accounts[1].wallet, chainId: "nesa-test-1", gasPrice: "0.025unes" });
    reader = await ChainReader.connect(pc.rpc.url);
  });

  afterAll(async () => {
    backend?.disconnect();
    reader?.disconnect();
    await queues.close();
    redis.disconnect();
    await pc?.close();
    await deletePrefix(prefix);
  });

  it("puts commits submitted at the same moment into one tx", async () => {
    const ids = [await pc.payForQuery(new Uint8Array([1]), 1), await pc.payForQuery(new Uint8Array([2]), 1), await pc.payForQuery(new Uint8Array([3]), 1)];
    const metrics = new MinerMetrics();
    const submitter = new TxSubmitter({ address: miner, backend, logger: log, metrics, pollMs: 10 });
    const sent = await withBlocks(Promise.all(ids.map((id) => submitter.submit("commit", [commitMsg(id)]))));
    expect(new Set(sent.map((s) => s.hash)).size).toBe(1);
    const txs = await backend.blockTxs(sent[0].height);
    expect(txs.map((t) => t.hash)).toEqual([sent[0].hash]);
    for (const id of ids) expect((await reader.query.inference.query(id)).commits.map((c) => c.height)).toEqual([BigInt(sent[0].height)]);
    expect(await metrics.registry.getSingleMetricAsString("nesa_miner_tx_msgs")).toMatch(/nesa_miner_tx_msgs_sum 3\n.*_count 1/s);
  });

  it("re-sends the msgs of a refused batch one per tx, so only the bad one fails", async () => {
    const a = await pc.payForQuery(new Uint8Array([4]), 1);
    const b = await pc.payForQuery(new Uint8Array([5]), 1);
    const metrics = new MinerMetrics();
    const submitter = new TxSubmitter({ address: miner, backend, logger: log, metrics, pollMs: 10 });
    // Replica 3 of query a has no seat: the chain refuses it (inference/11), and with it the whole tx.
    const results = await withBlocks(Promise.allSettled([submitter.submit("commit", [commitMsg(a)]), submitter.submit("commit", [commitMsg(a, 3)]), submitter.submit("commit", [commitMsg(b)])]));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ codespace: "inference", code: 11 });
    expect((await reader.query.inference.query(a)).commits).toHaveLength(1);
    expect((await reader.query.inference.query(b)).commits).toHaveLength(1);
    const failures = await metrics.registry.getSingleMetricAsString("nesa_miner_tx_failures_total");
    expect(failures).toMatch(/codespace="inference",code="11"\} 2/); // the batch, then the msg alone
  });

  it("reveals in the first block after the reveal phase opens, from new blocks alone", async () => {
    // The durable job would run only after a minute: whatever reveals here is the fast path.
    const { tensors, step, follower } = await revealPath();
    try {
      const id = await pc.payForQuery(new Uint8Array([6]), 1);
      const outputDigest = await tensors.put({ dtype: "float32", dims: [1, 4], data: new Float32Array([0.5, -1, 2, 3]) });
      const seat = { queryId: id, shard: 0, replica: 0 };
      await step.onResult({ ...seat, miner, outputDigest, final: true });
      expect(pc.chain.node.mempoolSize()).toBe(1); // onResult returns once CheckTx took the commit
      const c = Number(await pc.block());
      const q = await reader.query.inference.query(id);
      expect(QueryStatus[q.status]).toBe("QUERY_STATUS_REVEALING");
      expect(q.commits.map((x) => Number(x.height))).toEqual([c]);
      // The phase opens in block c, or (older chain timing) once its seed block c+1 exists.
      const opened = Math.max(c, Number(q.sketchSeedHeight));
      while (Number(await pc.chain.node.latestHeight()) < opened) await pc.block();
      const t0 = performance.now();
      await eventually(async () => (pc.chain.node.mempoolSize() > 0 ? true : undefined), "the reveal in the mempool", 3000);
      log.info({ ms: performance.now() - t0 }, "reveal broadcast after the block");
      const h = Number(await pc.block());
      expect(h).toBe(opened + 1);
      const done = await reader.query.inference.query(id);
      expect(done.reveals.map((r) => Number(r.height))).toEqual([h]);
      expect(QueryStatus[done.status]).toBe("QUERY_STATUS_FINALIZED");
      // Once the reveal is in, its record and its durable job are gone.
      await eventually(async () => ((await redis.exists(keys.pendingReveal(seat))) === 0 ? true : undefined), "the reveal record deleted", 5000);
      await eventually(async () => ((await queues.get(keys.revealQueue(miner)).getJob(jobId(seat))) ? undefined : true), "the durable job removed", 5000);
    } finally {
      await follower.stop();
    }
  });
  it("still reveals after Redis lost the salt and the output between commit and reveal (kept in memory)", async () => {
    const memory = new PendingRevealMemory();
    const { tensors, step, follower } = await revealPath(memory);
    try {
      const id = await pc.payForQuery(new Uint8Array([7]), 1);
      const output = { dtype: "float32" as const, dims: [1, 4], data: new Float32Array([1.5, -2, 0.25, 4]) };
      const outputDigest = await tensors.put(output);
      const seat = { queryId: id, shard: 0, replica: 0 };
      await step.onResult({ ...seat, miner, outputDigest, final: true }, output);
      // Redis loses everything of this miner (its prefix): the salt, the output tensor, the durable reveal job.
      await deletePrefix(prefix);
      expect(await redis.exists(keys.pendingReveal(seat))).toBe(0);
      const c = Number(await pc.block());
      const q = await reader.query.inference.query(id);
      const opened = Math.max(c, Number(q.sketchSeedHeight));
      while (Number(await pc.chain.node.latestHeight()) < opened) await pc.block();
      await eventually(async () => (pc.chain.node.mempoolSize() > 0 ? true : undefined), "the reveal in the mempool", 3000);
      await pc.block();
      const done = await reader.query.inference.query(id);
      expect(QueryStatus[done.status]).toBe("QUERY_STATUS_FINALIZED");
      expect(done.reveals).toHaveLength(1);
      expect(memory.size).toBe(0);
    } finally {
      await follower.stop();
    }
  });
});
