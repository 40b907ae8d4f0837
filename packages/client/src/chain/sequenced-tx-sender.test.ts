// The sequence-tracking sender on a fake node that checks sequences the way CheckTx does (pending txs count).
import { BroadcastTxError, type DeliverTxResponse } from "@cosmjs/stargate";
import { describe, expect, it } from "vitest";
import { type AccountSequence, SequencedTxSender, type TxSenderBackend } from "./sequenced-tx-sender";

const FEE = { amount: [{ denom: "unes", amount: "1" }], gas: "1" };

function fakeNode(opts: { committed?: number; refuseCode?: number } = {}) {
  const state = { checkSeq: opts.committed ?? 3, committedSeq: opts.committed ?? 3, accountReads: 0, signed: [] as number[], included: [] as string[] };
  const backend: TxSenderBackend = {
    account: async () => {
      state.accountReads++;
      await new Promise((r) => setTimeout(r, 2));
      return { accountNumber: 4n, sequence: state.committedSeq };
    },
    sign: async (msgs, _fee, _memo, s: AccountSequence) => {
      state.signed.push(s.sequence);
      return new TextEncoder().encode(`${s.accountNumber}/${s.sequence}/${msgs[0].value}`);
    },
    broadcastSync: async (tx) => {
      await new Promise((r) => setTimeout(r, 1));
      const seq = Number(new TextDecoder().decode(tx).split("/")[1]);
      if (opts.refuseCode) return { code: opts.refuseCode, codespace: "sdk", log: "insufficient fee", hash: "00" };
      if (seq !== state.checkSeq) return { code: 32, codespace: "sdk", log: `account sequence mismatch, expected ${state.checkSeq}, got ${seq}`, hash: "00" };
      state.checkSeq++;
      return { code: 0, hash: `H${seq}` };
    },
    waitForTx: async (hash) => {
      state.included.push(hash);
      return { code: 0, height: 1, txIndex: 0, transactionHash: hash, events: [], msgResponses: [], gasUsed: 1n, gasWanted: 1n } as DeliverTxResponse;
    },
  };
  return { state, backend };
}

describe("SequencedTxSender", () => {
  it("gives concurrent txs consecutive sequences, reading the account once", async () => {
    const node = fakeNode();
    const sender = new SequencedTxSender(node.backend);
    const res = await Promise.all(Array.from({ length: 10 }, (_, i) => sender.signAndBroadcast([{ typeUrl: "/x", value: i }], FEE)));
    expect(res.map((r) => r.transactionHash)).toEqual(Array.from({ length: 10 }, (_, i) => `H${3 + i}`));
    expect(node.state.accountReads).toBe(1);
    expect(node.state.signed).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("refreshes a stale sequence on sdk/32 and retries once", async () => {
    const node = fakeNode();
    const sender = new SequencedTxSender(node.backend);
    await sender.signAndBroadcast([{ typeUrl: "/x", value: 0 }], FEE);
    // Another client of the same account sends two txs that get committed.
    node.state.checkSeq += 2;
    node.state.committedSeq = node.state.checkSeq;
    const r = await sender.signAndBroadcast([{ typeUrl: "/x", value: 1 }], FEE);
    expect(r.transactionHash).toBe("H6");
    expect(node.state.signed).toEqual([3, 4, 6]);
    expect(node.state.accountReads).toBe(2);
  });

  it("keeps the sequence of a refused tx for the next one, and throws the chain's codespace and code", async () => {
    const node = fakeNode({ refuseCode: 13 });
    const sender = new SequencedTxSender(node.backend);
    const err = await sender.signAndBroadcast([{ typeUrl: "/x", value: 0 }], FEE).catch((e) => e);
    expect(err).toBeInstanceOf(BroadcastTxError);
    expect(err).toMatchObject({ code: 13, codespace: "sdk" });
    await sender.signAndBroadcast([{ typeUrl: "/x", value: 1 }], FEE).catch(() => undefined);
    expect(node.state.signed).toEqual([3, 3]);
  });

  it("gives up after one retry when the sequence is still wrong", async () => {
    const node = fakeNode();
    node.state.checkSeq = 50; // the mempool holds txs the committed state does not show yet
    const sender = new SequencedTxSender(node.backend);
    const err = await sender.signAndBroadcast([{ typeUrl: "/x", value: 0 }], FEE).catch((e) => e);
    expect(err).toMatchObject({ code: 32, codespace: "sdk" });
    expect(node.state.signed).toEqual([3, 3]);
  });
});
