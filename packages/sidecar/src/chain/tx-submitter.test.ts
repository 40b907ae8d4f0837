// Unit tests of the submitter's sequence and retry logic over a fake chain account (the cosmjs backend itself is
// exercised against a real nesad in the integration test).
import type { EncodeObject } from "@cosmjs/proto-signing";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { MinerMetrics } from "../metrics/miner-metrics";
import type { AccountSeq, BroadcastResult, IncludedResult, TxBackend } from "./tx-backend";
import { TxFailedError, decideTxFailure } from "./tx-policy";
import { TxSubmitter } from "./tx-submitter";

/** An account on a fake chain: CheckTx rejects a wrong sequence with sdk/32, as the ante handler does. */
class FakeChain implements TxBackend {
  sequence = 0;
  broadcasts = 0;
  sequenceReads = 0;
  included = new Map<string, IncludedResult>();
  /** DeliverTx outcome per message typeUrl, e.g. a registered error. */
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
    this.included.set(hash, { height: 10 + this.broadcasts, ...this.deliver(msgs) });
    return { hash, code: 0, codespace: "" };
  }
  async waitForTx(hash: string) {
    return this.included.get(hash);
  }
  async height() {
    return 1;
  }
  disconnect() {}
}

const msg = (n: number): EncodeObject[] => [{ typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { shard: n } }];
const log = pino({ level: "silent" });
let addr = 0;
const freshAddress = () => `nesa1test${addr++}`;

describe("TxSubmitter", () => {
  it("gives concurrent txs of one key consecutive sequences, with no collision", async () => {
    const chain = new FakeChain();
    const s = new TxSubmitter({ address: freshAddress(), backend: chain, logger: log });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => s.submit("commit", msg(n))));
    expect(results.every((r) => r.height > 0 && !r.alreadyDone)).toBe(true);
    expect(chain.sequence).toBe(5);
    expect(chain.broadcasts).toBe(5);
    expect(chain.sequenceReads).toBe(1);
  });

  it("on sdk/32 re-reads the sequence and re-signs", async () => {
    const chain = new FakeChain();
    const metrics = new MinerMetrics();
    const s = new TxSubmitter({ address: freshAddress(), backend: chain, logger: log, metrics });
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
    const s = new TxSubmitter({ address: freshAddress(), backend: chain, logger: log, retryDelayMs: 1 });
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
    const s = new TxSubmitter({ address: freshAddress(), backend: chain, logger: log, retryDelayMs: 1 });
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
