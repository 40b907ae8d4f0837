// The pay batcher on a fake node: which msgs share a tx, which responses go to whom, and how one bad msg in a
// batch is isolated (re-sent alone) so it fails only its own caller, with the chain's {codespace, code}.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { BroadcastTxError } from "@cosmjs/stargate";
import { payforqueryTx } from "@nesa/proto-types";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { describe, expect, it } from "vitest";
import { ChainTxError } from "../errors/nesa-error";
import { payForQuery } from "../infer/pay-for-query";
import { MsgBatcher } from "./msg-batcher";
import type { IncludedTx } from "./tx-inclusion";

/**
 * A node whose query id is 100 + the msg's replicas (so a caller can tell its own response from another's); a msg
 * with max fee below 1000 fails (payforquery/10) at `failAt`.
 */
function fakeNode(failAt: "check" | "deliver" = "deliver") {
  const txs: { msgs: EncodeObject[]; gas: number; hash: string }[] = [];
  const results = new Map<string, IncludedTx>();
  let gate: Promise<void> = Promise.resolve();
  const tooLow = (m: EncodeObject) => BigInt((m.value as { maxFee: { amount: string } }).maxFee.amount) < 1000n;
  return {
    txs,
    /** Holds every broadcast until `open()` is called (the signer stays busy meanwhile). */
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return open;
    },
    backend: {
      broadcast: async (msgs: readonly EncodeObject[], gas: number) => {
        await gate;
        if (failAt === "check" && msgs.some(tooLow)) throw new BroadcastTxError(10, "payforquery", "fee exceeds max_fee");
        const hash = `TX${txs.length}`;
        txs.push({ msgs: [...msgs], gas, hash });
        const bad = msgs.some(tooLow);
        const msgResponses = bad
          ? []
          : msgs.map((m) => {
              const queryId = 100n + BigInt((m.value as { replicas: number }).replicas);
              return { typeUrl: "/nesa.payforquery.v1.MsgPayForQueryResponse", value: payforqueryTx.MsgPayForQueryResponse.encode({ queryId, fee: { denom: "unes", amount: "500" } }).finish() };
            });
        results.set(hash, { hash, height: 7n, code: bad ? 10 : 0, codespace: bad ? "payforquery" : "", log: bad ? "fee exceeds max_fee" : "", data: TxMsgData.encode({ data: [], msgResponses }).finish(), events: [] });
        return hash;
      },
      included: async (hash: string) => results.get(hash)!,
    },
  };
}

const pay = (batcher: MsgBatcher, maxFee: bigint, replicas = 1) =>
  payForQuery({ send: (msg, gas) => batcher.submit(msg, gas), estimateGas: async () => 50_000 }, { sender: "nesa1me", modelId: "lande", input: new Uint8Array([1]), replicas, privacy: "ee", maxFee });

describe("MsgBatcher", () => {
  it("puts 3 concurrent pays into one tx with the summed gas, and maps each msg response back to its caller", async () => {
    const node = fakeNode();
    const batcher = new MsgBatcher(node.backend);
    const r = await Promise.all([pay(batcher, 5000n, 3), pay(batcher, 5000n, 1), pay(batcher, 5000n, 2)]);
    expect(node.txs).toHaveLength(1);
    expect(node.txs[0].msgs).toHaveLength(3);
    expect(node.txs[0].gas).toBe(150_000);
    // Each caller got the response of its own msg (id = 100 + its replicas).
    expect(r.map((x) => x.queryId)).toEqual([103n, 101n, 102n]);
    expect(batcher.stats).toEqual({ txs: 1, msgs: 3 });
  });

  it("under light load sends a msg alone at once; msgs that arrive while the signer is busy share the next tx", async () => {
    const node = fakeNode();
    const batcher = new MsgBatcher(node.backend);
    const open = node.hold();
    const first = pay(batcher, 5000n);
    await new Promise((r) => setTimeout(r, 5)); // the first tx is being signed/broadcast
    const later = [pay(batcher, 5000n, 2), pay(batcher, 5000n, 3), pay(batcher, 5000n, 4)];
    open();
    const r = await Promise.all([first, ...later]);
    expect(node.txs.map((t) => t.msgs.length)).toEqual([1, 3]);
    expect(new Set(r.map((x) => x.queryId)).size).toBe(4);
  });

  it("a batch whose tx fails in DeliverTx is re-sent msg by msg: the two good pays succeed, the bad one gets its ChainTxError", async () => {
    const node = fakeNode("deliver");
    const batcher = new MsgBatcher(node.backend);
    const [a, bad, c] = await Promise.allSettled([pay(batcher, 5000n, 1), pay(batcher, 1n, 2), pay(batcher, 5000n, 3)]);
    expect([a, c].map((x) => (x as PromiseFulfilledResult<{ queryId: bigint }>).value?.queryId)).toEqual([101n, 103n]);
    expect(bad.status).toBe("rejected");
    const err = (bad as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(ChainTxError);
    expect(err).toMatchObject({ codespace: "payforquery", code: 10 });
    expect(node.txs.map((t) => t.msgs.length)).toEqual([3, 1, 1, 1]);
  });

  it("a batch refused by CheckTx is re-sent msg by msg, and only the bad msg's caller sees the refusal", async () => {
    const node = fakeNode("check");
    const batcher = new MsgBatcher(node.backend);
    const [a, bad, c] = await Promise.allSettled([pay(batcher, 5000n), pay(batcher, 1n), pay(batcher, 5000n)]);
    expect(a.status === "fulfilled" && c.status === "fulfilled").toBe(true);
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ codespace: "payforquery", code: 10 });
    expect(node.txs.map((t) => t.msgs.length)).toEqual([1, 1]); // the refused batch and the refused lone msg never got in
  });

  it("an error without a node answer fails the whole batch, never re-sending (the tx may be in the mempool)", async () => {
    let sends = 0;
    const batcher = new MsgBatcher({
      broadcast: async () => {
        sends++;
        throw new Error("socket hang up");
      },
      included: async () => Promise.reject(new Error("unreachable")),
    });
    const r = await Promise.allSettled([pay(batcher, 5000n), pay(batcher, 5000n)]);
    expect(r.every((x) => x.status === "rejected")).toBe(true);
    expect(sends).toBe(1);
  });

  it("retries a lone msg that ran out of gas once, with twice the gas", async () => {
    const gases: number[] = [];
    const batcher = new MsgBatcher({
      broadcast: async (_msgs, gas) => {
        gases.push(gas);
        return `T${gases.length}`;
      },
      included: async (hash) => ({ hash, height: 3n, code: hash === "T1" ? 11 : 0, codespace: hash === "T1" ? "sdk" : "", log: "", data: new Uint8Array(), events: [] }),
    });
    const r = await batcher.submit({ typeUrl: "/x", value: {} }, 1000);
    expect(r).toMatchObject({ code: 0, txHash: "T2" });
    expect(gases).toEqual([1000, 2000]);
  });
});
