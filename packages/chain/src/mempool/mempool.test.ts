import { describe, expect, it } from "vitest";
import { Mempool } from "./mempool";

function tx(id: string, signer: string, sequence: number, priority: number, size = 100, gas = 1000) {
  return { hashHex: id, bytes: new Uint8Array(size), signer, sequence: BigInt(sequence), gasWanted: BigInt(gas), priority: BigInt(priority) };
}

describe("Mempool", () => {
  it("orders by fee per gas, then arrival", () => {
    const m = new Mempool();
    m.add(tx("a", "alice", 0, 10));
    m.add(tx("b", "bob", 0, 30));
    m.add(tx("c", "carol", 0, 10));
    m.add(tx("d", "dave", 0, 20));
    expect(m.reap(1e9, -1n).map((t) => t.hashHex)).toEqual(["b", "d", "a", "c"]);
  });

  it("never takes one sender's txs out of sequence order, even when a later one pays more", () => {
    const m = new Mempool();
    m.add(tx("a1", "alice", 1, 100));
    m.add(tx("a0", "alice", 0, 1));
    m.add(tx("b0", "bob", 0, 50));
    expect(m.reap(1e9, -1n).map((t) => t.hashHex)).toEqual(["b0", "a0", "a1"]);
  });

  it("respects the block byte and gas limits and skips the rest of a sender that does not fit", () => {
    const m = new Mempool();
    m.add(tx("big", "alice", 0, 100, 900));
    m.add(tx("a1", "alice", 1, 100, 10));
    m.add(tx("b0", "bob", 0, 50, 100));
    m.add(tx("c0", "carol", 0, 10, 100));
    expect(m.reap(250, -1n).map((t) => t.hashHex)).toEqual(["b0", "c0"]);
    expect(m.reap(10_000, 1500n).map((t) => t.hashHex)).toEqual(["big"]);
  });

  it("refuses duplicates (sdk/19) and a full pool (sdk/20)", () => {
    const m = new Mempool({ maxTxs: 2, maxBytes: 1e9 });
    m.add(tx("a", "alice", 0, 1));
    expect(() => m.admit("a", 100)).toThrow(expect.objectContaining({ codespace: "sdk", code: 19 }));
    m.add(tx("b", "bob", 0, 1));
    expect(() => m.admit("c", 100)).toThrow(expect.objectContaining({ codespace: "sdk", code: 20 }));
    m.remove("a");
    expect(() => m.admit("c", 100)).not.toThrow();
    expect(m.size()).toBe(1);
  });
});
