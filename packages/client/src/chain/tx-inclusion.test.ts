import { describe, expect, it } from "vitest";
import { NesaTimeoutError } from "../errors/nesa-error";
import type { FollowedBlock } from "./followed-block";
import { type IncludedTx, TxInclusion } from "./tx-inclusion";

const block = (height: bigint, ...hashes: string[]): FollowedBlock => ({
  height,
  txs: hashes.map((hash) => ({ hash, code: hash.endsWith("F") ? 5 : 0, codespace: hash.endsWith("F") ? "bank" : "", log: "", data: new Uint8Array(), events: [] })),
  events: [],
});

describe("TxInclusion", () => {
  it("resolves a pending tx from the followed block that holds it, with no request per block", async () => {
    let lookups = 0;
    const getTx = async () => {
      lookups++;
      return undefined;
    };
    const inc = new TxInclusion({ getTx, fallbackMs: 60_000 });
    const waiting = inc.wait("aa01", 10_000);
    for (let h = 1n; h <= 5n; h++) inc.onBlock(block(h, "BB"));
    inc.onBlock(block(6n, "CC", "AA01", "DDF"));
    const tx = await waiting;
    expect(tx).toMatchObject({ hash: "AA01", height: 6n, code: 0 });
    expect(lookups).toBe(0);
    expect(inc.pending).toBe(0);
    // A tx that landed before anyone waited (the block came before the broadcast answer), failed in DeliverTx.
    expect(await inc.wait("DDF", 10_000)).toMatchObject({ code: 5, codespace: "bank" });
  });

  it("falls back to a lookup by hash when no followed block holds the tx, and times out when the node never has it", async () => {
    const found: IncludedTx = { hash: "EE", height: 9n, code: 0, codespace: "", log: "", data: new Uint8Array(), events: [] };
    let lookups = 0;
    const inc = new TxInclusion({ getTx: async (h) => (lookups++ >= 1 && h === "EE" ? found : undefined), fallbackMs: 20 });
    expect(await inc.wait("EE", 10_000)).toBe(found);
    expect(lookups).toBe(2);
    const err = await inc.wait("FF", 50).catch((e) => e);
    expect(err).toBeInstanceOf(NesaTimeoutError);
    expect(inc.pending).toBe(0);
  });
});
