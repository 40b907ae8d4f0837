import { describe, expect, it } from "vitest";
import { HashStream } from "./hash-stream";

describe("HashStream", () => {
  it("is deterministic per (tag, seed) and differs across tags and seeds", () => {
    const seed = new Uint8Array([1, 2, 3]);
    const a = new HashStream("t", seed).bytes(100);
    expect(new HashStream("t", seed).bytes(100)).toEqual(a);
    expect(new HashStream("u", seed).bytes(100)).not.toEqual(a);
    expect(new HashStream("t", new Uint8Array([1, 2, 4])).bytes(100)).not.toEqual(a);
  });

  it("draws every value of a small range, roughly uniformly (fixed seed, generous bound)", () => {
    const s = new HashStream("uniform", new Uint8Array(32));
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) counts[Number(s.uniformBigInt(5n))]++;
    for (const c of counts) {
      expect(c).toBeGreaterThan(800);
      expect(c).toBeLessThan(1200);
    }
  });

  it("stays below bounds larger than one hash block and rejects a non-positive bound", () => {
    const s = new HashStream("big", new Uint8Array(32));
    const bound = (1n << 300n) + 12345n;
    for (let i = 0; i < 20; i++) {
      const v = s.uniformBigInt(bound);
      expect(v >= 0n && v < bound).toBe(true);
    }
    expect(s.uniformBigInt(1n)).toBe(0n);
    expect(() => s.uniformBigInt(0n)).toThrow(/bound/);
  });
});
