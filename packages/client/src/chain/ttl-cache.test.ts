import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("shares one read between concurrent callers and re-reads after the TTL", async () => {
    let now = 0;
    let reads = 0;
    const cache = new TtlCache<string, number>(100, 10, () => now);
    const load = async () => ++reads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    now = 99;
    expect(await cache.get("a", load)).toBe(1);
    now = 100;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("forgets a failed read, and the oldest entry beyond the size bound", async () => {
    const cache = new TtlCache<number, number>(Number.POSITIVE_INFINITY, 2);
    await expect(cache.get(1, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get(1, async () => 10)).toBe(10);
    await cache.get(2, async () => 20);
    await cache.get(3, async () => 30);
    expect(await cache.get(1, async () => 11)).toBe(11);
    expect(await cache.get(3, async () => 31)).toBe(30);
  });
});
