import { computeSketch, tensorDigest } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { majorityCluster, revealsAgree, type SketchReveal, tokenMajorityCluster } from "./consensus";

const seed = new Uint8Array(32).fill(3);
const floats = (scale: number, noise: number) =>
  ({ dtype: "float32", dims: [1, 128], data: Float32Array.from({ length: 128 }, (_, i) => ((((i * scale * 1000) | 0) % 97) - 48) * 0.03 * (1 + noise)) }) as const;
const reveal = (replica: number, t: Parameters<typeof computeSketch>[0]): SketchReveal => ({
  replica,
  outputDigest: tensorDigest(t),
  sketch: computeSketch(t, seed, 4),
});

describe("statistical consensus", () => {
  it("accepts float outputs within the tolerance and rejects a different output", () => {
    const a = reveal(0, floats(0.1, 0));
    const b = reveal(1, floats(0.1, 1e-6)); // honest round-off
    const c = reveal(2, floats(0.1, 0.05)); // 5 % off
    expect(revealsAgree(a, b, 100, false)).toBe(true);
    expect(revealsAgree(a, c, 100, false)).toBe(false);
  });

  it("requires integer outputs to match exactly", () => {
    const ints = (bump: number) => ({ dtype: "int32", dims: [64], data: Int32Array.from({ length: 64 }, (_, i) => i + (i === 5 ? bump : 0)) }) as const;
    expect(revealsAgree(reveal(0, ints(0)), reveal(1, ints(0)), 0, true)).toBe(true);
    expect(revealsAgree(reveal(0, ints(0)), reveal(1, ints(1)), 1_000_000, true)).toBe(false);
  });

  it("finds the majority over R seats and none without one", () => {
    const honest = [reveal(0, floats(0.1, 0)), reveal(1, floats(0.1, 2e-7))];
    const liar = reveal(2, floats(0.7, 0));
    expect(majorityCluster([...honest, liar], 3, 100, false)).toEqual([0, 1]);
    expect(majorityCluster([honest[0], liar], 3, 100, false)).toBeUndefined();
    expect(majorityCluster(honest, 4, 100, false)).toBeUndefined(); // 2 of 4 seats is no majority
    expect(majorityCluster([], 3, 100, false)).toBeUndefined();
  });

  it("a generator's final shard: exact token digest and output_tokens, majority over R", () => {
    const d = (n: number) => new Uint8Array(32).fill(n);
    const tok = (replica: number, digest: number, outputTokens: number) => ({ replica, outputDigest: d(digest), outputTokens });
    expect(tokenMajorityCluster([tok(2, 1, 6), tok(0, 1, 6), tok(1, 2, 6)], 3)).toEqual([0, 2]);
    expect(tokenMajorityCluster([tok(0, 1, 6), tok(1, 1, 5), tok(2, 1, 6)], 3)).toEqual([0, 2]);
    expect(tokenMajorityCluster([tok(0, 1, 6), tok(1, 1, 5), tok(2, 2, 6)], 3)).toBeUndefined();
    expect(tokenMajorityCluster([tok(0, 1, 6), tok(1, 1, 6)], 4)).toBeUndefined();
  });
});
