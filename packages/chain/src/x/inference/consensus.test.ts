import { describe, expect, it } from "vitest";
import { majorityCluster, revealsAgree, type SketchReveal, sketchesWithin } from "./consensus";

const d = (n: number) => new Uint8Array(32).fill(n);
const rv = (replica: number, sketch: bigint[], digest = replica, integer = false): SketchReveal => ({
  replica,
  outputDigest: d(digest),
  sketch,
  outputIsInteger: integer,
});

describe("statistical consensus", () => {
  it("accepts sketches within the relative tolerance and rejects those outside", () => {
    const a = [1_000_000n, -500_000n, 20n];
    expect(sketchesWithin(a, [1_009_999n, -500_000n, 20n], 10_000)).toBe(true); // 9,999 ≤ 1 % of 1,009,999
    expect(sketchesWithin(a, [1_000_000n, -520_000n, 20n], 10_000)).toBe(false); // 20,000 > 1 % of 1,000,000
    expect(sketchesWithin(a, [1_000_000n, -500_000n], 10_000)).toBe(false);
    expect(sketchesWithin([0n, 0n], [0n, 0n], 0)).toBe(true);
  });

  it("requires integer outputs to match exactly, whatever the sketches", () => {
    expect(revealsAgree(rv(0, [5n], 1, true), rv(1, [5n], 2, true), 1_000_000)).toBe(false);
    expect(revealsAgree(rv(0, [5n], 1, true), rv(1, [9n], 1, true), 0)).toBe(true);
    expect(revealsAgree(rv(0, [5n], 1, true), rv(1, [5n], 1, false), 1_000_000)).toBe(false);
  });

  it("finds the majority cluster and reports none without a strict majority", () => {
    const honest = [100_000n, 200_000n];
    const reveals = [rv(0, honest), rv(1, [100_050n, 199_990n]), rv(2, [-100_000n, 5n])];
    expect(majorityCluster(reveals, 3, 10_000)).toEqual([0, 1]);
    expect(majorityCluster([rv(0, honest), rv(2, [-1n, 7n])], 3, 10_000)).toBeUndefined();
    expect(majorityCluster([rv(0, honest), rv(1, honest)], 4, 10_000)).toBeUndefined(); // 2 of 4 is no majority
    expect(majorityCluster([], 3, 10_000)).toBeUndefined();
  });
});
