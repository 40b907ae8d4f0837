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
