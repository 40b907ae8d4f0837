// The miner's chain reactions driven by followed blocks, on a real manual-block nesad and real Redis, with every
// request of the miner's side counted by a proxy in front of the RPC: while a commit waits for the other seat and
// the reveal waits for its phase, no block, block_results or tx request is made and the query's status is read
// only every RECHECK_BLOCKS blocks (the check for missed events), not per block; the commit is seen
// included from the pushed block, the seat check is answered from EventQueryAssigned, and the reveal is in the
// block right after the phase opens. A miner that was not running when the phase opened still reveals (the
// durable job after a restart, the scheduler's periodic status check after an event gap).
import { ChainFollower } from "@nesa/client";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisKeys } from "@nesa/data-plane";
import { eventually } from "../../../client/src/testing/eventually";
import { type ProtocolChain, startProtocolChain } from "../../../dispatcher/src/testing/protocol-chain";
import { QueueRegistry } from "../pipeline/queue-registry";
import { createRedis } from "../redis/connection";
import { TensorStore } from "../tensor/tensor-store";
import { type CountingProxy, startCountingProxy } from "../testing/counting-rpc-proxy";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../testing/redis-test-env";
import { ChainAssignmentSource } from "./chain-assignment-source";
import { ChainReader } from "./chain-reader";
import { CommitStep } from "./commit-step";
import { minerBlockHandler } from "./miner-block-handler";
import { RECHECK_BLOCKS, RevealScheduler } from "./reveal-scheduler";
import { RevealSender } from "./reveal-sender";
import { RevealWorker } from "./reveal-worker";
import { CosmjsTxBackend } from "./tx-backend";
import { TxSubmitter } from "./tx-submitter";

const log = pino({ level: process.env.TEST_LOG ?? "silent" });
const QUERY_STATUS = "abci_query /nesa.inference.v1.Query/Query";

describe("a miner driven by followed blocks", () => {
  const prefix = randomPrefix("blockdriven");
  let pc: ProtocolChain;
  let proxy: CountingProxy;
  let direct: ChainReader;
  const redis = createRedis(TEST_REDIS_URL);
  const keys = new RedisKeys(prefix);
  const queues = new QueueRegistry(redis, keys);
  const tensors = new TensorStore(redis, keys, { ttlSeconds: 600, maxBytes: 1 << 20 });
  const stops: (() => Promise<void> | void)[] = [];

  /** One miner's chain side, all of it through the counting proxy. */
  async function startMiner(revealFallbackMs = 60_000) {
    const miner = pc.miners[0];
    const reader = await ChainReader.connect(proxy.url);
    const backend = await CosmjsTxBackend.connect({ rpcUrl: proxy.url, signer: pc.chain.accounts[1].wallet, chainId: "nesa-test-1", gasPrice: "0.025unes" });
    const submitter = new TxSubmitter({ address: miner, backend, logger: log, pollMs: 50 });
    const sender = new RevealSender({ miner, keys, redis, queues, chain: reader, tensors, submitter, logger: log });
    const scheduler = new RevealScheduler(reader, sender, log);
    const assignments = new ChainAssignmentSource(reader);
    const follower = new ChainFollower({
      rpcUrl: proxy.url,
      comet: reader.comet,
      pollIntervalMs: 20,
      wsCheckIntervalMs: 60_000,
      onHeight: async () => {},
      onBlock: minerBlockHandler({ submitter, assignments, reveals: () => ({ sender, scheduler }) }),
    });
    await follower.start();
    // The socket counts as up once it delivers a NewBlock: blocks until it does.
    await eventually(async () => (follower.followMode === "websocket" ? true : void (await pc.block())), "the follower on the socket", 5000);
    const step = new CommitStep({ redis, keys, queues, submitter, logger: log, ttlSeconds: 600, revealFallbackMs, onCommitted: (c, s) => scheduler.track(c, s.height) });
    const stop = async () => {
      await follower.stop();
      await submitter.flush(1000);
      backend.disconnect();
      reader.disconnect();
    };
    stops.push(stop);
    return { miner, reader, submitter, sender, scheduler, assignments, follower, step, stop };
  }

  /** A query with 2 replicas: this test's miner holds one seat, account 2's miner the other. */
  async function query(input: number) {
    const id = await pc.payForQuery(new Uint8Array([input]), 2);
    const seats = (await direct.query.inference.committee(id)).seats;
    const mine = seats.find((s) => s.miner === pc.miners[0]);
    const other = seats.find((s) => s.miner === pc.miners[1]);
    if (!mine || !other) throw new Error("both miners should be seated");
    const otherCommit = () =>
      pc.send(2, [
        {
          typeUrl: "/nesa.inference.v1.MsgCommitResult",
          value: { miner: pc.miners[1], queryId: BigInt(id), shard: 0, replica: other.replica, commitment: new Uint8Array(32).fill(9) },
        },
      ]);
    return { id, seat: { queryId: id, shard: 0, replica: mine.replica }, otherCommit };
  }

  const output = (x: number) => tensors.put({ dtype: "float32", dims: [1, 4], data: new Float32Array([x, -1, 2, 3]) });
  const reveals = async (id: string) => (await direct.query.inference.query(id)).reveals.map((r) => Number(r.height));

  beforeAll(async () => {
    pc = await startProtocolChain({ miners: 2, shards: 1 });
    proxy = await startCountingProxy(pc.rpc.url);
    direct = await ChainReader.connect(pc.rpc.url);
  });

  afterAll(async () => {
    for (const stop of stops) await stop();
    direct?.disconnect();
    await proxy?.close();
    await queues.close();
    redis.disconnect();
    await pc?.close();
    await deletePrefix(prefix);
  });

  it("waits without per-block reads (block, block_results, tx, status) and reveals in the block after the phase opens", async () => {
    const m = await startMiner();
    const q = await query(1);
    // The seat check of the shard job: answered from the EventQueryAssigned the follower just handed on.
    await eventually(async () => (m.scheduler.followedHeight >= Number(await pc.chain.node.latestHeight()) ? true : undefined), "the assignment block followed", 3000);
    proxy.reset();
    const a = await m.assignments.get(q.id);
    expect(a?.seats[0][q.seat.replica]).toBe(m.miner);
    expect(m.assignments.stats).toEqual({ fromEvents: 1, fromChain: 0 });
    await m.step.onResult({ ...q.seat, miner: m.miner, outputDigest: await output(0.5), final: true });
    const c = Number(await pc.block());
    await eventually(async () => (m.scheduler.pendingQueries === 1 ? true : undefined), "the commit seen included", 3000);
    // The other seat commits a few blocks later; until then the miner only waits.
    for (let i = 0; i < 5; i++) await pc.block();
    await q.otherCommit(); // closes the commit phase: EventRevealPhaseStarted in this block
    const opened = Number(await pc.chain.node.latestHeight());
    await eventually(async () => (pc.chain.node.mempoolSize() > 0 ? true : undefined), "the reveal in the mempool", 3000);
    const h = Number(await pc.block());
    expect(h).toBe(opened + 1);
    expect(await reveals(q.id)).toEqual([h]);
    expect((await direct.query.inference.query(q.id)).commits.find((x) => x.replica === q.seat.replica)?.height).toBe(BigInt(c));
    await eventually(async () => ((await redis.exists(keys.pendingReveal(q.seat))) === 0 ? true : undefined), "the reveal record deleted", 3000);
    log.info({ requests: Object.fromEntries(proxy.counts) }, "requests while waiting");
    for (const method of ["block", "block_results", "tx", "tx_search", "abci_query /nesa.inference.v1.Query/Committee", "abci_query /nesa.inference.v1.Query/Beacon"]) {
      expect({ method, n: proxy.count(method) }).toEqual({ method, n: 0 });
    }
    expect(proxy.count("broadcast_tx_sync")).toBe(2); // the commit and the reveal
    expect(proxy.count("abci_query /nesa.inference.v1.Query/Params")).toBeLessThanOrEqual(1);
    // Status is read only by the periodic check for missed events, not per block: once in the 6 blocks waited.
    const waited = opened - c;
    expect(waited).toBe(6);
    expect(RECHECK_BLOCKS).toBe(4);
    expect(m.scheduler.statusReads).toBe(1);
    expect(proxy.count(QUERY_STATUS)).toBe(m.scheduler.statusReads);
    await m.stop();
  });

  it("a miner restarted after the phase opened still reveals: the durable job reads the status and reveals", async () => {
    const before = await startMiner(400);
    const q = await query(2);
    await before.step.onResult({ ...q.seat, miner: before.miner, outputDigest: await output(1.5), final: true });
    await pc.block();
    await eventually(async () => (before.scheduler.pendingQueries === 1 ? true : undefined), "the commit seen included", 3000);
    await before.stop(); // down before the phase opens: its event is never seen
    await q.otherCommit();
    const after = await startMiner();
    const worker = new RevealWorker({ miner: after.miner, keys, connection: redis, chain: after.reader, sender: after.sender, scheduler: after.scheduler, logger: log, pollMs: 50 });
    stops.push(() => worker.close());
    await eventually(async () => (pc.chain.node.mempoolSize() > 0 ? true : undefined), "the reveal in the mempool", 5000);
    const h = Number(await pc.block());
    expect(await reveals(q.id)).toEqual([h]);
  });

  it("a seat whose phase event fell into a gap is revealed by the periodic status check", async () => {
    const m = await startMiner();
    const q = await query(3);
    await m.step.onResult({ ...q.seat, miner: m.miner, outputDigest: await output(2.5), final: true });
    await pc.block();
    await eventually(async () => (m.scheduler.pendingQueries === 1 ? true : undefined), "the commit seen included", 3000);
    // As if the follower skipped the block with the event: the scheduler forgets it has seen the phase open.
    const handler = m.scheduler.onBlock.bind(m.scheduler);
    let swallow = true;
    m.scheduler.onBlock = (ev) => handler(swallow ? { ...ev, revealPhases: [] } : ev);
    await q.otherCommit();
    swallow = false;
    const opened = Number(await pc.chain.node.latestHeight());
    let h = opened;
    while (pc.chain.node.mempoolSize() === 0 && h < opened + RECHECK_BLOCKS + 2) {
      h = Number(await pc.block());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pc.chain.node.mempoolSize()).toBe(1);
    const revealed = Number(await pc.block());
    expect(await reveals(q.id)).toEqual([revealed]);
    expect(revealed).toBeLessThanOrEqual(opened + RECHECK_BLOCKS + 1);
    expect(m.scheduler.statusReads).toBe(1);
  });
});
