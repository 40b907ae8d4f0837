import { describe, expect, it } from "vitest";
import { CacheStore } from "./cache-store";
import { MemoryStore } from "./memory-store";
import { PrefixStore } from "./prefix-store";
import type { KVStore } from "./types";

const b = (...xs: number[]) => Uint8Array.from(xs);
const keys = (s: KVStore, start?: Uint8Array, end?: Uint8Array, rev = false) =>
  [...s.iterator(start, end, rev)].map(([k]) => Buffer.from(k).toString("hex"));

describe("stores", () => {
  it("MemoryStore iterates in byte order, including 0x00 and 0xff bytes", () => {
    const m = new MemoryStore();
    for (const k of [b(2), b(1, 0xff), b(1), b(0xff), b(1, 0), b(0)]) m.set(k, b(9));
    expect(keys(m)).toEqual(["00", "01", "0100", "01ff", "02", "ff"]);
    expect(keys(m, b(1), b(2))).toEqual(["01", "0100", "01ff"]);
    expect(keys(m, b(1), b(2), true)).toEqual(["01ff", "0100", "01"]);
    m.delete(b(1, 0));
    expect(keys(m)).toEqual(["00", "01", "01ff", "02", "ff"]);
  });

  it("CacheStore hides its writes from the parent until write(), and merges iteration", () => {
    const m = new MemoryStore();
    m.set(b(1), b(1));
    m.set(b(3), b(3));
    const c = new CacheStore(m);
    c.set(b(2), b(2));
    c.delete(b(3));
    c.set(b(1), b(11));
    expect(m.get(b(1))).toEqual(b(1));
    expect(c.get(b(1))).toEqual(b(11));
    expect(c.has(b(3))).toBe(false);
    expect([...c.iterator()].map(([k, v]) => [k[0], v[0]])).toEqual([[1, 11], [2, 2]]);
    expect([...c.iterator(undefined, undefined, true)].map(([k]) => k[0])).toEqual([2, 1]);
    c.write();
    expect(keys(m)).toEqual(["01", "02"]);
    expect(m.get(b(1))).toEqual(b(11));
  });

  it("a discarded nested CacheStore leaves the outer one untouched", () => {
    const m = new MemoryStore();
    const outer = new CacheStore(m);
    outer.set(b(5), b(5));
    const inner = new CacheStore(outer);
    inner.set(b(6), b(6));
    inner.delete(b(5));
    // inner dropped without write()
    expect(outer.get(b(5))).toEqual(b(5));
    expect(outer.get(b(6))).toBeUndefined();
  });

  it("PrefixStore confines keys and strips the prefix when iterating", () => {
    const m = new MemoryStore();
    const p = new PrefixStore(m, b(7));
    const q = new PrefixStore(m, b(8));
    p.set(b(1), b(1));
    q.set(b(1), b(2));
    expect(m.get(b(7, 1))).toEqual(b(1));
    expect(keys(p)).toEqual(["01"]);
    expect(q.get(b(1))).toEqual(b(2));
    const edge = new PrefixStore(m, b(0xff));
    edge.set(b(0xff), b(3));
    expect(keys(edge)).toEqual(["ff"]);
  });
});
