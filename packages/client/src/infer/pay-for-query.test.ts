import { BroadcastTxError } from "@cosmjs/stargate";
import { payforqueryState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import type { SentMsg } from "../chain/msg-batcher";
import { ChainTxError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
import { payForQuery } from "./pay-for-query";

const base: SentMsg = { code: 0, codespace: "", log: "", height: 9n, txHash: "FF", events: [], txMsgs: 1 };
const params = { sender: "nesa1me", modelId: "lande", input: new Uint8Array([1, 2, 3]), replicas: 2, privacy: "hss-ee" as const, maxFee: 9000n };
const paidEvent = { type: "nesa.payforquery.v1.EventQueryPaid", attributes: [{ key: "query_id", value: '"12"' }, { key: "fee", value: '{"denom":"unes","amount":"4497"}' }] };

describe("payForQuery", () => {
  it("builds the msg from the exact input and reads the id and fee from the typed event when there is no msg response", async () => {
    let sent: MsgPayForQueryEncodeObject | undefined;
    const r = await payForQuery(
      {
        send: async (msg) => {
          sent = msg;
          return { ...base, events: [paidEvent] };
        },
      },
      params,
    );
    expect(r).toEqual({ queryId: 12n, fee: 4497n, txHash: "FF", height: 9 });
    expect(sent?.value).toMatchObject({ inputCommitment: sha256(params.input), inputBytes: 3n, replicas: 2, privacy: payforqueryState.Privacy.PRIVACY_HSS_EE, maxFee: { denom: "unes", amount: "9000" } });
  });

  it("never guesses the id from the events of a tx that held several pays", async () => {
    const err = await payForQuery({ send: async () => ({ ...base, txMsgs: 3, events: [paidEvent] }) }, params).catch((e) => e);
    expect(err).toBeInstanceOf(ChainTxError);
    expect(err.log).toMatch(/no query id/);
  });

  it("a tx that failed in DeliverTx carries the chain's codespace and code", async () => {
    const err = await payForQuery({ send: async () => ({ ...base, code: 5, codespace: "bank", log: "insufficient funds" }) }, params).catch((e) => e);
    expect(err).toBeInstanceOf(ChainTxError);
    expect(err).toMatchObject({ codespace: "bank", code: 5, txHash: "FF" });
  });

  it("a tx refused in CheckTx keeps cosmjs's codespace and code", async () => {
    const err = await payForQuery({ send: async () => Promise.reject(new BroadcastTxError(13, "sdk", "insufficient fee")) }, params).catch((e) => e);
    expect(err).toMatchObject({ codespace: "sdk", code: 13, log: "insufficient fee" });
  });

  it("uses the simulation's gas, so a doomed msg fails there and is never broadcast", async () => {
    let broadcast = false;
    const doomed = new ChainTxError({ codespace: "payforquery", code: 10, what: "MsgPayForQuery (simulation)" });
    const err = await payForQuery(
      {
        send: async () => {
          broadcast = true;
          return base;
        },
        estimateGas: async () => Promise.reject(doomed),
      },
      params,
    ).catch((e) => e);
    expect(err).toBe(doomed);
    expect(broadcast).toBe(false);
    let gasSent = 0;
    const send = async (_m: unknown, gas: number) => {
      gasSent = gas;
      return { ...base, events: [paidEvent] };
    };
    await payForQuery({ send, estimateGas: async () => 77_000 }, params);
    expect(gasSent).toBe(77_000);
  });
});

describe("payForQuery when the model is busy (admission control)", () => {
  const busy = () => new ChainTxError({ codespace: "payforquery", code: 19, log: "model lande has 1000 open queries: pay again in a few blocks", what: "MsgPayForQuery" });
  const ok = { ...base, events: [paidEvent] };

  it("pays again after a growing wait, and returns the pay that got through", async () => {
    const waits: number[] = [];
    let calls = 0;
    const r = await payForQuery(
      { send: async () => (++calls < 4 ? Promise.reject(busy()) : ok) },
      { ...params, busyRetry: { sleep: async (ms) => void waits.push(ms), random: () => 0.999, baseDelayMs: 100 } },
    );
    expect(r.queryId).toBe(12n);
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it("gives up after maxAttempts with the chain's own error, which says what to do", async () => {
    let calls = 0;
    const err = await payForQuery(
      {
        send: async () => {
          calls++;
          throw busy();
        },
      },
      { ...params, busyRetry: { maxAttempts: 3, sleep: async () => {} } },
    ).catch((e) => e);
    expect(calls).toBe(3);
    expect(err).toMatchObject({ codespace: "payforquery", code: 19 });
    expect(err.log).toMatch(/pay again in a few blocks/);
  });

  it("does not retry other refusals, nor a busy refusal found by the gas simulation more than allowed", async () => {
    let calls = 0;
    const refuse = async () => {
      calls++;
      return { ...base, code: 10, codespace: "payforquery", log: "fee exceeds max_fee" };
    };
    const other = await payForQuery({ send: refuse }, { ...params, busyRetry: { sleep: async () => {} } }).catch((e) => e);
    expect([calls, other.code]).toEqual([1, 10]);
    let sims = 0;
    const simulate = async (): Promise<number> => {
      sims++;
      throw busy();
    };
    const err = await payForQuery({ send: async () => ok, estimateGas: simulate }, { ...params, busyRetry: { maxAttempts: 2, sleep: async () => {} } }).catch((e) => e);
    expect([sims, err.code]).toEqual([2, 19]);
  });
});
