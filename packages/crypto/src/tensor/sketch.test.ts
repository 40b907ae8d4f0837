import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { concatBytes, lengthPrefixedUtf8 } from "../util/bytes";
import { computeSketch, sketchBlockSize } from "./sketch";
import { DEFAULT_SKETCH_TOLERANCE_MICROS as TOL, sketchesAgree } from "./sketch-compare";
import type { Tensor } from "./tensor-types";

const seed = new Uint8Array(32).fill(9);
const otherSeed = new Uint8Array(32).fill(10);

// A deterministic stand-in for model outputs: softmax rows over N(0,1) logits, one class boosted by `peak`.
// Replica "a" rounds a float64 softmax to float32; replica "b" starts from logits a few float32 ulps off
// (another matmul order) and runs the softmax in float32 arithmetic, summing in reverse: honest round-off.
function softmaxReplicas(rows: number, classes: number, peak: number) {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const f = Math.fround;
  const a = new Float32Array(rows * classes);
  const b = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const logits = Array.from({ length: classes }, gauss);
    logits[Math.floor(rnd() * classes)] += peak;
    const m = logits.reduce((x, y) => Math.max(x, y));
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((x, y) => x + y, 0);
    const lb = logits.map((l) => f(l + (rnd() * 2 - 1) * 4 * Math.abs(l) * 2 ** -24));
    const mb = lb.reduce((x, y) => Math.max(x, y));
    const eb = lb.map((l) => f(Math.exp(f(l - mb))));
    let zb = 0;
    for (let c = classes - 1; c >= 0; c--) zb = f(zb + eb[c]);
    for (let c = 0; c < classes; c++) {
      a[r * classes + c] = e[c] / z;
      b[r * classes + c] = f(eb[c] / zb);
    }
  }
  return { a, b };
}

const rank = (x: Float32Array, q: number) => {
  const order = Array.from(x.keys()).sort((i, j) => x[i] - x[j]);
  return order[Math.min(order.length - 1, Math.floor(order.length * q))];
};
const f32 = (dims: number[], data: Float32Array): Tensor => ({ dtype: "float32", dims, data });
const bump = (x: Float32Array, i: number) => {
  const y = x.slice();
  y[i] *= 1.01;
  return y;
};

describe("computeSketch on float outputs", () => {
  it("[1,40,6625] peaked softmax: honest replicas agree, a 1% change of a row's peak does not", () => {
    const dims = [1, 40, 6625];
    const { a, b } = softmaxReplicas(40, 6625, 12);
    const sa = computeSketch(f32(dims, a), seed, 4);
    expect(computeSketch(f32(dims, a), seed, 4)).toEqual(sa);
    expect(sketchesAgree(sa, computeSketch(f32(dims, b), seed, 4), TOL, false)).toBe(true);
    expect(sketchesAgree(sa, computeSketch(f32(dims, bump(a, rank(a, 1))), seed, 4), TOL, false)).toBe(false);
  });

  it("[1,40,6625] flat softmax: blocks catch a 1% change of a 90th-percentile value that one block misses", () => {
    const dims = [1, 40, 6625];
    const { a, b } = softmaxReplicas(40, 6625, 0);
    const tampered = bump(a, rank(a, 0.9));
    const sa = computeSketch(f32(dims, a), seed, 4);
    expect(sa).toHaveLength(2 + 64 * 4);
    expect(sketchesAgree(sa, computeSketch(f32(dims, b), seed, 4), TOL, false)).toBe(true);
    expect(sketchesAgree(sa, computeSketch(f32(dims, tampered), seed, 4), TOL, false)).toBe(false);
    const whole = { maxBlocks: 1 };
    const wa = computeSketch(f32(dims, a), seed, 4, whole);
    expect(sketchesAgree(wa, computeSketch(f32(dims, tampered), seed, 4, whole), TOL, false)).toBe(true);
  });

  it("[1,50]: honest replicas agree, a 1% change of the median value does not", () => {
    const { a, b } = softmaxReplicas(1, 50, 2);
    const sa = computeSketch(f32([1, 50], a), seed, 4);
    expect(sketchesAgree(sa, computeSketch(f32([1, 50], b), seed, 4), TOL, false)).toBe(true);
    expect(sketchesAgree(sa, computeSketch(f32([1, 50], bump(a, rank(a, 0.5))), seed, 4), TOL, false)).toBe(false);
  });

  it("depends on the seed: a sketch for another seed does not agree", () => {
    const { a } = softmaxReplicas(1, 50, 2);
    const s1 = computeSketch(f32([1, 50], a), seed, 4);
    const s2 = computeSketch(f32([1, 50], a), otherSeed, 4);
    expect(s2).not.toEqual(s1);
    expect(sketchesAgree(s1, s2, TOL, false)).toBe(false);
  });

  it("rejects non-finite values and bad arguments by name", () => {
    expect(() => computeSketch(f32([2], Float32Array.of(1, Number.NaN)), seed, 4)).toThrow(/t\.data\[1\]/);
    expect(() => computeSketch(f32([1], Float32Array.of(1)), seed, 0)).toThrow(/k/);
    expect(() => computeSketch(f32([1], Float32Array.of(1)), new Uint8Array(8), 4)).toThrow(/seed/);
    expect(() => computeSketch(f32([2], Float32Array.of(1)), seed, 4)).toThrow(/t\.data/);
    expect(() => computeSketch(f32([1], Float32Array.of(1)), seed, 4, { maxBlocks: 0 })).toThrow(/maxBlocks/);
  });
});

describe("computeSketch on integer outputs", () => {
  const ids = Int32Array.from({ length: 300 }, (_, i) => (i * 7919) % 6625);
  const tensor = (data: Int32Array): Tensor => ({ dtype: "int32", dims: [1, 300], data });

  it("matches exactly for equal outputs and differs for a change of one token id", () => {
    const s = computeSketch(tensor(ids), seed, 4);
    expect(sketchesAgree(s, computeSketch(tensor(ids.slice()), seed, 4), 0n, true)).toBe(true);
    const changed = ids.slice();
    changed[123] += 1;
    expect(sketchesAgree(s, computeSketch(tensor(changed), seed, 4), 0n, true)).toBe(false);
  });

  it("is exactly linear, also for int64 values far beyond 2^53", () => {
    const x = BigInt64Array.from({ length: 200 }, (_, i) => (1n << 60n) + BigInt(i) * 1_000_003n);
    const y = BigInt64Array.from({ length: 200 }, (_, i) => -(1n << 59n) + BigInt(i * i));
    const sum = x.map((v, i) => v + y[i]);
    const sk = (data: BigInt64Array) => computeSketch({ dtype: "int64", dims: [200], data }, seed, 3);
    const [sx, sy, ss] = [sk(x), sk(y), sk(sum)];
    expect(ss.slice(2)).toEqual(sx.slice(2).map((v, i) => v + sy[i + 2]));
  });
});

describe("computeSketch sign stream", () => {
  it("sign (i, j) is bit i·k+j of ChaCha20(sha256(len‖tag ‖ seed), nonce 0), LSB first: checked on one-hot inputs", () => {
    const n = 64;
    const k = 3;
    const key = sha256(concatBytes(lengthPrefixedUtf8("nesa/sketch/v1"), seed));
    const stream = chacha20(key, new Uint8Array(12), new Uint8Array((n * k) / 8));
    for (let i = 0; i < n; i++) {
      const oneHot = new Float32Array(n);
      oneHot[i] = 1;
      const sketch = computeSketch(f32([n], oneHot), seed, k);
      const expected = [0, 1, 2].map((j) => {
        const bit = i * k + j;
        return (stream[bit >> 3] >> (bit & 7)) & 1 ? -(2n ** 32n) : 2n ** 32n;
      });
      expect(sketch).toEqual([BigInt(k), BigInt(n), ...expected]);
    }
  });
});

describe("sketchBlockSize", () => {
  it("uses one block for small tensors and at most maxBlocks blocks of ≥ 64 elements", () => {
    expect(sketchBlockSize(50)).toBe(50);
    expect(sketchBlockSize(128)).toBe(64);
    expect(sketchBlockSize(265_000)).toBe(Math.ceil(265_000 / 64));
    expect(sketchBlockSize(265_000, 1)).toBe(265_000);
    expect(sketchBlockSize(0)).toBe(1);
  });
});
