import { ChainTxError, ClientError, ClientErrorCode } from "@nesa/client";
import { describe, expect, it } from "vitest";
import { UNFUNDED, explain } from "./errors";

describe("explain: errors in words", () => {
  it("an address that never received tokens, or a refused pay for lack of funds, reads as an unfunded account", () => {
    expect(explain(new Error("Account 'nesa1a02fygjrcjjnkjc090zx9g6n52hw3fwqm45mx4' does not exist on chain. Send some tokens there before trying to query sequence."))).toEqual(UNFUNDED);
    expect(explain(new ChainTxError({ codespace: "sdk", code: 5, log: "spendable balance 10unes is smaller than 4497unes: insufficient funds", what: "MsgPayForQuery" }))).toEqual(UNFUNDED);
  });

  it("an SDK check keeps its message and its advice; a stack never reaches the title", () => {
    const e = explain(new ClientError(ClientErrorCode.InvalidArgument, '"notes.png" is not a PNG or JPEG image', "choose a PNG or JPEG picture; nothing was paid"));
    expect(e).toEqual({ title: '"notes.png" is not a PNG or JPEG image', todo: "choose a PNG or JPEG picture; nothing was paid" });
    const thrown = new Error("something odd\n    at f (x.ts:1:2)");
    expect(explain(thrown).title).toBe("something odd");
  });

  it("an unreachable localnet says how to start it", () => {
    expect(explain(new TypeError("Failed to fetch")).todo).toMatch(/localnet\/start --home DIR/);
  });
});
