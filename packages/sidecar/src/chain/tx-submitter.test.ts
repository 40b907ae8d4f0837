// Unit tests of the submitter's sequence and retry logic over a fake chain account (the cosmjs backend itself is
// exercised against a real nesad in the integration test).
import type { EncodeObject } from "@cosmjs/proto-signing";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { MinerMetrics } from "../metrics/miner-metrics";
import type { AccountSeq, BlockTx, BroadcastResult, IncludedResult, TxBackend } from "./tx-backend";
import { TxFailedError, decideTxFailure } from "./tx-policy";
import { TxSubmitter, type TxSubmitterOptions } from "./tx-submitter";

/**
 * An account on a fake chain: CheckTx rejects a wrong sequence with sdk/32, as the ante handler does; every
 * accepted tx is put in its own block at once (height + 1), which the submitter finds through its height poll.
 */
class FakeChain implements TxBackend {
  sequence = 0;
  broadcasts = 0;
  sequenceReads = 0;
  tip = 10;
  blocks = new Map<number, BlockTx[]>();
  /** Msgs of each accepted tx, in order. */
  txs: EncodeObject[][] = [];
  /** DeliverTx outcome of a tx's msgs, e.g. a registered error. */
  deliver: (msgs: EncodeObject[]) => { code: number; codespace: string } = () => ({ code: 0, codespace: "" });

  async getSequence(): Promise<AccountSeq> {
    this.sequenceReads++;
    return { accountNumber: 7n, sequence: this.sequence };
  }
  async broadcast(_a: string, msgs: EncodeObject[], _g: number, seq: AccountSeq): Promise<BroadcastResult> {
    this.broadcasts++;
    await new Promise((r) => setTimeout(r, 1));
    if (seq.sequence !== this.sequence) {
      return { hash: "", code: 32, codespace: "sdk", log: `account sequence mismatch, expected ${this.sequence}, got ${seq.sequence}` };
    }
    this.sequence++;
    const hash = `H${this.broadcasts}`;
    this.txs.push(msgs);
    this.blocks.set(++this.tip, [{ hash, ...this.deliver(msgs) }]);
    return { hash, code: 0, codespace: "" };
  }
  async blockTxs(height: number): Promise<BlockTx[]> {
    return this.blocks.get(height) ?? [];
  }
  async findTx(): Promise<IncludedResult | undefined> {
    return undefined;
  }
  async height() {
    return this.tip;
  }
  disconnect() {}
}

const msg = (n: number): EncodeObject[] => [{ typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { shard: n } }];
const log = pino({ level: "silent" });
let addr = 0;
const freshAddress = () => `nesa1test${addr++}`;
const submitter = (chain: FakeChain, more: Partial<TxSubmitterOptions> = {}) =>
  new TxSubmitter({ address: freshAddress(), backend: chain, logger: log, pollMs: 2, retryDelayMs: 1, ...more });

describe("TxSubmitter", () => {
  it("puts submissions made at the same moment into one tx", async () => {
    const chain = new FakeChain();
    const metrics = new MinerMetrics();
    const s = submitter(chain, { metrics });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => s.submit("commit", msg(n))));
    expect(results.every((r) => r.height === 11 && r.hash === "H1" && !r.alreadyDone)).toBe(true);
    expect(chain.txs.map((t) => t.map((m) => m.value.shard))).toEqual([[1, 2, 3, 4, 5]]);
    expect(await metrics.registry.getSingleMetricAsString("nesa_miner_tx_msgs")).toMatch(/nesa_miner_tx_msgs_bucket\{le="4"\} 0\n.*le="8"\} 1/s);
  });

  it("batches what queues while the signer is busy, and gives the txs consecutive sequences", async () => {
    const chain = new FakeChain();
    const s = submitter(chain);
    const first = s.submit("commit", msg(1));
    await new Promise((r) => setImmediate(r)); // the first tx is being signed and broadcast
    const rest = [2, 3, 4].map((n) => s.submit("reveal", msg(n)));
    await Promise.all([first, ...rest]);
    expect(chain.txs.map((t) => t.map((m) => m.value.shard))).toEqual([[1], [2, 3, 4]]);
    expect(chain.sequence).toBe(2);
    expect(chain.sequenceReads).toBe(1);
  });

  it("caps a batch by msgs and by gas", async () => {
    const chain = new FakeChain();
    const s = submitter(chain, { caps: { maxMsgs: 3 }, gasLimits: { reveal: 1000 } });
    await Promise.all([1, 2, 3, 4, 5].map((n) => s.submit("commit", msg(n))));
    expect(chain.txs.map((t) => t.length)).toEqual([3, 2]);
    const g = submitter(chain, { caps: { maxGas: 2500 }, gasLimits: { reveal: 1000 } });
    await Promise.all([1, 2, 3].map((n) => g.submit("reveal", msg(n))));
    expect(chain.txs.slice(2).map((t) => t.length)).toEqual([2, 1]);
  });

  it("re-sends each msg of a failed batch alone, so only the refused one fails", async () => {
    const chain = new FakeChain();
    const s = submitter(chain);
    // The chain refuses the whole tx when it holds shard 2 (a late commit: inference/10).
    chain.deliver = (msgs) => (msgs.some((m) => m.value.shard === 2) ? { code: 10, codespace: "inference" } : { code: 0, codespace: "" });
    const results = await Promise.allSettled([1, 2, 3].map((n) => s.submit("commit", msg(n))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ codespace: "inference", code: 10, action: "give-up" });
    expect(chain.txs.map((t) => t.map((m) => m.value.shard))).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it("tells when the msgs are in the mempool, before they are in a block", async () => {
    const chain = new FakeChain();
    const s = submitter(chain, { pollMs: 60_000 });
    const { accepted, included } = s.enqueue("commit", msg(1));
    await accepted;
    expect(chain.txs).toHaveLength(1);
    let done = false;
    void included.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    await s.onHeight(chain.tip);
    expect(await included).toMatchObject({ hash: "H1", height: 11 });
  });

  it("on sdk/32 re-reads the sequence and re-signs", async () => {
    const chain = new FakeChain();
    const metrics = new MinerMetrics();
    const s = submitter(chain, { metrics });
    await s.submit("commit", msg(1));
    chain.sequence += 3; // the same key signed elsewhere (e.g. `nesa-miner register` run meanwhile)
    const r = await s.submit("reveal", msg(2));
    expect(r.alreadyDone).toBe(false);
    expect(chain.sequenceReads).toBe(2);
    expect(chain.broadcasts).toBe(3);
    expect(await metrics.registry.getSingleMetricAsString("nesa_miner_tx_failures_total")).toMatch(/codespace="sdk",code="32"} 1/);
  });

  it("treats an already-committed seat as done and gives up on a seat it does not hold, without retrying", async () => {
    const chain = new FakeChain();
    const s = submitter(chain);
    chain.deliver = () => ({ code: 13, codespace: "inference" });
    expect((await s.submit("commit", msg(1))).alreadyDone).toBe(true);
    chain.deliver = () => ({ code: 12, codespace: "inference" });
    const err = await s.submit("commit", msg(2)).catch((e) => e);
    expect(err).toBeInstanceOf(TxFailedError);
    expect([err.codespace, err.code, err.action]).toEqual(["inference", 12, "give-up"]);
    expect(chain.broadcasts).toBe(2);
  });

  it("retries a passing condition, then succeeds", async () => {
    const chain = new FakeChain();
    const s = submitter(chain);
    let calls = 0;
    chain.deliver = () => (++calls < 3 ? { code: 15, codespace: "inference" } : { code: 0, codespace: "" });
    const r = await s.submit("reveal", msg(1));
    expect(r.alreadyDone).toBe(false);
    expect(chain.broadcasts).toBe(3);
    // A failing DeliverTx still used up its sequence, and the submitter kept counting without re-reading.
    expect(chain.sequence).toBe(3);
    expect(chain.sequenceReads).toBe(1);
  });
});

describe("retry table", () => {
  it("decides from {codespace, code} only, per tx kind", () => {
    expect(decideTxFailure("commit", "sdk", 32).action).toBe("refresh-sequence");
    expect(decideTxFailure("commit", "inference", 13).action).toBe("done");
    expect(decideTxFailure("reveal", "inference", 13).action).toBe("give-up");
    expect(decideTxFailure("reveal", "inference", 15).action).toBe("retry");
    expect(decideTxFailure("commit", "inference", 15).action).toBe("give-up");
    // Same code number in another codespace means something else.
    expect(decideTxFailure("commit", "bank", 32).action).toBe("give-up");
    expect(decideTxFailure("commit", "nosuch", 99).why).toMatch(/unregistered failure nosuch\/99/);
  });
});

describe("TxSubmitter fed with blocks", () => {
  it("settles from the blocks handed to onBlock and never reads a block itself", async () => {
    const chain = new FakeChain();
    let reads = 0;
    const blockTxs = chain.blockTxs.bind(chain);
    chain.blockTxs = (h) => {
      reads++;
      return blockTxs(h);
    };
    const s = submitter(chain);
    s.onBlock({ height: chain.tip, txs: [] });
    const sent = s.submit("commit", msg(1));
    await new Promise((r) => setTimeout(r, 20)); // several poll periods: the timer must not read blocks
    const h = chain.tip;
    s.onBlock({ height: h, txs: await blockTxs(h) });
    expect(await sent).toMatchObject({ hash: "H1", height: h, alreadyDone: false });
    expect(reads).toBe(0);
  });
});
