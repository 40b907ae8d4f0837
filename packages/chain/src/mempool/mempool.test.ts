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

  describe("admitFrom (signer and fee per gas known)", () => {
    const cand = (id: string, signer: string, priority: number, size = 100) => ({ hashHex: id, size, signer, priority: BigInt(priority) });

    it("bounds the txs one sender may have waiting, naming the sender and what to do", () => {
      const m = new Mempool({ maxTxs: 100, maxBytes: 1e9, maxTxsPerSender: 2 });
      m.add(tx("a0", "alice", 0, 5));
      m.add(tx("a1", "alice", 1, 5));
      expect(() => m.admitFrom(cand("a2", "alice", 50))).toThrow(expect.objectContaining({ codespace: "sdk", code: 20, message: expect.stringMatching(/alice already has 2 txs waiting.*wait for the next block/) }));
      expect(m.admitFrom(cand("b0", "bob", 1))).toEqual({ evict: [] });
      m.remove("a0");
      expect(m.admitFrom(cand("a2", "alice", 5))).toEqual({ evict: [] });
    });

    it("when full, trades the lowest fee per gas (another sender's last tx) for a higher one", () => {
      const m = new Mempool({ maxTxs: 3, maxBytes: 1e9, maxTxsPerSender: 10 });
      m.add(tx("a0", "alice", 0, 1));
      m.add(tx("a1", "alice", 1, 9)); // alice's last tx: the one that may go, though a0 pays less
      m.add(tx("b0", "bob", 0, 3));
      expect(m.admitFrom(cand("c0", "carol", 4))).toEqual({ evict: ["b0"] });
      expect(m.admitFrom(cand("c0", "carol", 10))).toEqual({ evict: ["b0"] });
      m.remove("b0");
      m.add(tx("b0", "bob", 0, 20));
      expect(m.admitFrom(cand("c0", "carol", 10))).toEqual({ evict: ["a1"] });
    });

    it("when full, refuses a fee per gas no higher than every waiting one with sdk/20 and the price to beat, changing nothing", () => {
      const m = new Mempool({ maxTxs: 2, maxBytes: 1e9, maxTxsPerSender: 10 });
      m.add(tx("a0", "alice", 0, 7));
      m.add(tx("b0", "bob", 0, 5));
      expect(() => m.admitFrom(cand("c0", "carol", 5))).toThrow(expect.objectContaining({ codespace: "sdk", code: 20, message: expect.stringMatching(/pay more than 5 per gas/) }));
      expect(m.size()).toBe(2);
      // a sender never evicts its own txs to make room
      expect(() => m.admitFrom(cand("b1", "bob", 6))).toThrow(expect.objectContaining({ code: 20 }));
    });

    it("evicts as many cheaper txs as the byte bound needs, or none if that is not enough", () => {
      const m = new Mempool({ maxTxs: 100, maxBytes: 300, maxTxsPerSender: 10 });
      m.add(tx("a0", "alice", 0, 1, 100));
      m.add(tx("b0", "bob", 0, 2, 100));
      m.add(tx("c0", "carol", 0, 50, 100));
      expect(m.admitFrom(cand("d0", "dave", 10, 200))).toEqual({ evict: ["a0", "b0"] });
      expect(() => m.admitFrom(cand("d0", "dave", 10, 300))).toThrow(expect.objectContaining({ code: 20 }));
      expect(() => m.admitFrom(cand("d0", "dave", 10, 301))).toThrow(/exceeds the mempool's 300 bytes/);
      expect(m.sizeBytes()).toBe(300);
    });
  });
});

