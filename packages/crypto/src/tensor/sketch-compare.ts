// Pure integer comparison of sketches: this is what the chain runs, so no floats and no clock.
import { describe } from "../util/assert";
import { SKETCH_HEADER_LENGTH } from "./sketch";

/** 100 ppm relative: ~16× above the honest float32 noise we measured, ~100× below a 1 % change of a peak. */
export const DEFAULT_SKETCH_TOLERANCE_MICROS = 100n;

/** Throws (naming `name`) unless `sketch` is a bigint array with a well-formed [k, blockSize, …] header. */
export function validateSketch(sketch: unknown, name = "sketch"): asserts sketch is readonly bigint[] {
  if (!Array.isArray(sketch)) throw new TypeError(`${name}: expected an array of bigints, got ${describe(sketch)}`);
  for (const [i, v] of sketch.entries()) {
    if (typeof v !== "bigint") throw new TypeError(`${name}[${i}]: expected a bigint, got ${describe(v)}`);
  }
  if (sketch.length < SKETCH_HEADER_LENGTH) throw new RangeError(`${name}: missing the [k, blockSize] header`);
  const [k, blockSize] = sketch as bigint[];
  if (k <= 0n || blockSize <= 0n) throw new RangeError(`${name}: header k and blockSize must be positive`);
  if (BigInt(sketch.length - SKETCH_HEADER_LENGTH) % k !== 0n) {
    throw new RangeError(`${name}: ${sketch.length - SKETCH_HEADER_LENGTH} projections is not a multiple of k = ${k}`);
  }
}

const sumSquares = (v: readonly bigint[], from: number, to: number) => {
  let s = 0n;
  for (let i = from; i < to; i++) s += v[i] * v[i];
  return s;
};
const max = (...xs: bigint[]) => {
  let m = xs[0];
  for (const x of xs) if (x > m) m = x;
  return m;
};

/**
 * Do two sketches agree? exact: every entry equal (integer outputs). Otherwise headers and lengths must match
 * and every block b (k projections) must satisfy, with tol = toleranceMicros (parts per million) and B blocks:
 *   ‖a_b − b_b‖² × 10^12 × B ≤ tol² × max(B‖a_b‖², B‖b_b‖², ‖a‖², ‖b‖²)
 * i.e. relative to the block's own norm, but never to less than the root-mean-square block norm (so a block
 * of near-zero values is not held to a tolerance below honest round-off). With one block this is exactly
 * ‖a−b‖² × 10^12 ≤ tol² × max(‖a‖², ‖b‖²). Call `validateSketch` on untrusted input first: this throws on
 * malformed sketches.
 */
export function sketchesAgree(
  a: readonly bigint[],
  b: readonly bigint[],
  toleranceMicros: bigint,
  exact: boolean,
): boolean {
  validateSketch(a, "a");
  validateSketch(b, "b");
  if (typeof toleranceMicros !== "bigint" || toleranceMicros < 0n) {
    throw new RangeError(`toleranceMicros: expected a non-negative bigint, got ${describe(toleranceMicros)}`);
  }
  if (typeof exact !== "boolean") throw new TypeError(`exact: expected a boolean, got ${describe(exact)}`);
  if (a.length !== b.length || a[0] !== b[0] || a[1] !== b[1]) return false;
  if (exact) return a.every((v, i) => v === b[i]);
  const k = Number(a[0]);
  const blocks = BigInt((a.length - SKETCH_HEADER_LENGTH) / k);
  const tol2 = toleranceMicros * toleranceMicros;
  const floor = max(sumSquares(a, SKETCH_HEADER_LENGTH, a.length), sumSquares(b, SKETCH_HEADER_LENGTH, b.length));
  for (let start = SKETCH_HEADER_LENGTH; start < a.length; start += k) {
    let diff = 0n;
    for (let i = start; i < start + k; i++) diff += (a[i] - b[i]) * (a[i] - b[i]);
    const own = max(sumSquares(a, start, start + k), sumSquares(b, start, start + k)) * blocks;
    if (diff * 1_000_000_000_000n * blocks > tol2 * max(own, floor)) return false;
  }
  return true;
}
