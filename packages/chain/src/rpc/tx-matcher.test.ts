import { describe, expect, it } from "vitest";
import type { IndexedTx } from "../node/types";
import { parseQuery } from "./query-parser";
import { matchesTx, txEventsMap } from "./tx-matcher";

const tx: IndexedTx = {
  hash: new Uint8Array(32).fill(0xab),
  height: 7n,
  index: 0,
  tx: new Uint8Array([1, 2, 3]),
  result: {
    code: 0,
    codespace: "",
    log: "",
    data: new Uint8Array(),
    gasWanted: 100n,
    gasUsed: 80n,
    events: [
      { type: "message", attributes: [{ key: "sender", value: "nesa1alice" }, { key: "module", value: "bank" }] },
      { type: "transfer", attributes: [{ key: "amount", value: "150unes" }] },
      { type: "inference", attributes: [{ key: "query_id", value: "42" }] },
    ],
  },
};

const matches = (q: string) => matchesTx(parseQuery(q).conditions, tx);

describe("matchesTx", () => {
  it("matches tx.hash case-insensitively and tx.height numerically", () => {
    expect(matches(`tx.hash='${"ab".repeat(32)}'`)).toBe(true);
    expect(matches(`tx.hash='${"cd".repeat(32)}'`)).toBe(false);
    expect(matches("tx.height>=7 AND tx.height<8")).toBe(true);
    expect(matches("tx.height>7")).toBe(false);
  });

  it("matches event attributes by equality, CONTAINS, EXISTS and numeric comparison", () => {
    expect(matches("tm.event='Tx' AND message.sender='nesa1alice'")).toBe(true);
    expect(matches("message.sender='nesa1bob'")).toBe(false);
    expect(matches("transfer.amount CONTAINS 'unes'")).toBe(true);
    expect(matches("inference.query_id EXISTS")).toBe(true);
    expect(matches("payforquery.query_id EXISTS")).toBe(false);
    expect(matches("inference.query_id>41 AND inference.query_id<=42")).toBe(true);
    expect(matches("inference.query_id>42")).toBe(false);
  });

  it("requires every condition", () => {
    expect(matches("message.sender='nesa1alice' AND message.module='staking'")).toBe(false);
  });

  it("builds the CometBFT events map with composite keys", () => {
    const map = txEventsMap(tx);
    expect(map["tm.event"]).toEqual(["Tx"]);
    expect(map["tx.height"]).toEqual(["7"]);
    expect(map["tx.hash"]).toEqual(["AB".repeat(32)]);
    expect(map["message.sender"]).toEqual(["nesa1alice"]);
  });
});
