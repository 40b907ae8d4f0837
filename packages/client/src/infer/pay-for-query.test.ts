import { BroadcastTxError, type DeliverTxResponse } from "@cosmjs/stargate";
import { payforqueryState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { ChainTxError } from "../errors/nesa-error";
import type { MsgPayForQueryEncodeObject } from "../modules/payforquery/messages";
import { payForQuery } from "./pay-for-query";

const base: DeliverTxResponse = { code: 0, height: 9, txIndex: 0, transactionHash: "FF", events: [], msgResponses: [], gasUsed: 1n, gasWanted: 1n };
const params = { sender: "nesa1me", modelId: "lande", input: new Uint8Array([1, 2, 3]), replicas: 2, privacy: "hss-ee" as const, maxFee: 9000n };

describe("payForQuery", () => {
  it("builds the msg from the exact input and reads the id and fee from the typed event when there is no msg response", async () => {
    let sent: MsgPayForQueryEncodeObject | undefined;
    const r = await payForQuery(
      {
        signAndBroadcast: async (_a, msgs) => {
          sent = msgs[0];
          return { ...base, events: [{ type: "nesa.payforquery.v1.EventQueryPaid", attributes: [{ key: "query_id", value: '"12"' }, { key: "fee", value: '{"denom":"unes","amount":"4497"}' }] }] };
        },
      },
      params,
    );
    expect(r).toEqual({ queryId: 12n, fee: 4497n, txHash: "FF", height: 9 });
    expect(sent?.value).toMatchObject({ inputCommitment: sha256(params.input), inputBytes: 3n, replicas: 2, privacy: payforqueryState.Privacy.PRIVACY_HSS_EE, maxFee: { denom: "unes", amount: "9000" } });
  });

  it("a tx that failed in DeliverTx carries the codespace looked up from the node", async () => {
    const err = await payForQuery({ signAndBroadcast: async () => ({ ...base, code: 5, rawLog: "insufficient funds" }), txCodespace: async () => "bank" }, params).catch((e) => e);
    expect(err).toBeInstanceOf(ChainTxError);
    expect(err).toMatchObject({ codespace: "bank", code: 5, txHash: "FF" });
  });

  it("a tx refused in CheckTx keeps cosmjs's codespace and code", async () => {
    const err = await payForQuery({ signAndBroadcast: async () => Promise.reject(new BroadcastTxError(13, "sdk", "insufficient fee")) }, params).catch((e) => e);
    expect(err).toMatchObject({ codespace: "sdk", code: 13, log: "insufficient fee" });
  });

  it("uses the simulation's fee, so a doomed msg fails there and is never broadcast", async () => {
    let broadcast = false;
    const doomed = new ChainTxError({ codespace: "payforquery", code: 10, what: "MsgPayForQuery (simulation)" });
    const err = await payForQuery({ signAndBroadcast: async () => {
          broadcast = true;
          return base;
        },
        estimateTxFee: async () => Promise.reject(doomed) }, params).catch((e) => e);
    expect(err).toBe(doomed);
    expect(broadcast).toBe(false);
  });
});
