import { describe, expect, it } from "vitest";
import { DEFAULT_SKETCH_TOLERANCE_MICROS, sketchesAgree, validateSketch } from "./sketch-compare";

const TOL = DEFAULT_SKETCH_TOLERANCE_MICROS; // 100 ppm

describe("sketchesAgree", () => {
  it("applies ‖a−b‖² × 10^12 ≤ tol² × max(‖a‖², ‖b‖²) on a one-block sketch, at the boundary", () => {
    const a = [1n, 64n, 1_000_000n];
    expect(sketchesAgree(a, [1n, 64n, 1_000_100n], TOL, false)).toBe(true); // 100 ppm of the larger norm
    expect(sketchesAgree(a, [1n, 64n, 1_000_101n], TOL, false)).toBe(false);
    expect(sketchesAgree(a, [1n, 64n, 999_900n], TOL, false)).toBe(true);
    expect(sketchesAgree(a, [1n, 64n, 999_899n], TOL, false)).toBe(false);
  });

  it("is symmetric and needs every block to agree", () => {
    const a = [2n, 64n, 1_000_000n, 0n, 1_000_000n, 0n];
    const b = [2n, 64n, 1_000_000n, 0n, 1_000_000n, 30_000n];
    expect(sketchesAgree(a, b, TOL, false)).toBe(false);
    expect(sketchesAgree(b, a, TOL, false)).toBe(false);
    expect(sketchesAgree(a, b, 40_000n, false)).toBe(true);
  });

  it("holds a near-zero block to the RMS block norm, not to its own tiny norm", () => {
    const a = [1n, 64n, 1_000_000n, 0n];
    const noisy = [1n, 64n, 1_000_000n, 5n];
    expect(sketchesAgree(a, noisy, TOL, false)).toBe(true);
    // …but a change large relative to the RMS block norm (≈707,107) is still caught.
    expect(sketchesAgree(a, [1n, 64n, 1_000_000n, 100n], TOL, false)).toBe(false);
  });

  it("exact mode requires equality", () => {
    expect(sketchesAgree([1n, 64n, 5n], [1n, 64n, 5n], 0n, true)).toBe(true);
    expect(sketchesAgree([1n, 64n, 5n], [1n, 64n, 6n], 1_000_000n, true)).toBe(false);
  });

  it("disagrees on different headers or lengths", () => {
    expect(sketchesAgree([1n, 64n, 5n], [1n, 32n, 5n], TOL, false)).toBe(false);
    expect(sketchesAgree([1n, 64n, 5n, 5n], [2n, 64n, 5n, 5n], TOL, false)).toBe(false);
    expect(sketchesAgree([1n, 64n, 5n], [1n, 64n, 5n, 5n], TOL, false)).toBe(false);
  });

  it("throws on malformed input, naming the argument", () => {
    expect(() => sketchesAgree([1n, 64n, 5] as unknown as bigint[], [1n, 64n, 5n], TOL, false)).toThrow(/a\[2\]/);
    expect(() => sketchesAgree([1n, 64n, 5n], "x" as unknown as bigint[], TOL, false)).toThrow(/^b/);
    expect(() => sketchesAgree([1n, 64n, 5n], [1n, 64n, 5n], -1n, false)).toThrow(/toleranceMicros/);
    expect(() => sketchesAgree([1n, 64n, 5n], [1n, 64n, 5n], 100 as unknown as bigint, false)).toThrow(
      /toleranceMicros/,
    );
    expect(() => validateSketch([2n, 64n, 5n], "sketch")).toThrow(/multiple of k/);
    expect(() => validateSketch([0n, 64n], "sketch")).toThrow(/positive/);
    expect(() => validateSketch([1n], "reveal.sketch")).toThrow(/reveal\.sketch: missing/);
  });
});
