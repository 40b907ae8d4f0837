import { describe, expect, it } from "vitest";
import { StateHasher } from "./app-hash";

const te = new TextEncoder();
const pairs: [Uint8Array, Uint8Array][] = Array.from({ length: 50 }, (_, i) => [te.encode(`key-${i}`), te.encode(`value-${i * 7}`)]);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("StateHasher (LtHash over the whole state)", () => {
  it("depends on the set of pairs, not on the order of insertion", () => {
    const a = new StateHasher();
    const b = new StateHasher();
    for (const [k, v] of pairs) a.add(k, v);
    for (const [k, v] of [...pairs].reverse()) b.add(k, v);
    expect(hex(a.digest())).toBe(hex(b.digest()));
  });

  it("an update (remove old, add new) equals hashing the new state from scratch", () => {
    const incremental = new StateHasher();
    for (const [k, v] of pairs) incremental.add(k, v);
    incremental.remove(pairs[3][0], pairs[3][1]);
    incremental.add(pairs[3][0], te.encode("changed"));
    const fresh = new StateHasher();
    for (const [k, v] of pairs) fresh.add(k, k === pairs[3][0] ? te.encode("changed") : v);
    expect(hex(incremental.digest())).toBe(hex(fresh.digest()));
  });

  it("update() with its lane cache equals add/remove, across repeated changes and deletes", () => {
    const viaUpdate = new StateHasher();
    const viaAddRemove = new StateHasher();
    const k = te.encode("acc");
    const ks = "acc";
    let current: Uint8Array | undefined;
    const values = ["1", "2", "2", "3"].map((v) => te.encode(v));
    for (const v of [...values, undefined, te.encode("4")]) {
      viaUpdate.update(ks, k, current, v);
      if (current) viaAddRemove.remove(k, current);
      if (v) viaAddRemove.add(k, v);
      current = v;
      expect(hex(viaUpdate.digest())).toBe(hex(viaAddRemove.digest()));
    }
    // A different object with the same bytes as the cached value is still handled correctly.
    viaUpdate.update(ks, k, te.encode("4"), te.encode("5"));
    viaAddRemove.remove(k, te.encode("4"));
    viaAddRemove.add(k, te.encode("5"));
    expect(hex(viaUpdate.digest())).toBe(hex(viaAddRemove.digest()));
  });

  it("changes when a value, a key or the key/value split changes", () => {
    const base = new StateHasher();
    base.add(te.encode("ab"), te.encode("c"));
    const split = new StateHasher();
    split.add(te.encode("a"), te.encode("bc"));
    const value = new StateHasher();
    value.add(te.encode("ab"), te.encode("d"));
    const digests = new Set([base, split, value, new StateHasher()].map((h) => hex(h.digest())));
    expect(digests.size).toBe(4);
  });
});
