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
