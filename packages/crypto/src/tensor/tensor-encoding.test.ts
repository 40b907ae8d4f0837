import { describe, expect, it } from "vitest";
import { concatBytes, u32be } from "../util/bytes";
import { TENSOR_MAGIC, decodeTensor, encodeTensor, tensorDigest } from "./tensor-encoding";
import type { Tensor } from "./tensor-types";

const samples: Tensor[] = [
  { dtype: "float32", dims: [2, 3], data: Float32Array.of(1.5, -0, Number.NaN, 1e-30, -3.25, 7) },
  { dtype: "float64", dims: [1, 2], data: Float64Array.of(Math.PI, -1e300) },
  { dtype: "int32", dims: [3], data: Int32Array.of(-1, 2 ** 31 - 1, -(2 ** 31)) },
  { dtype: "int64", dims: [2], data: BigInt64Array.of(-(2n ** 63n), 2n ** 62n + 5n) },
  { dtype: "uint8", dims: [2, 2], data: Uint8Array.of(0, 1, 254, 255) },
  { dtype: "float32", dims: [], data: Float32Array.of(42) },
  { dtype: "int32", dims: [0, 4], data: new Int32Array(0) },
];

describe("encodeTensor", () => {
  it("writes magic, dtype tag, u32be rank and dims, then little-endian elements", () => {
    const t: Tensor = { dtype: "int32", dims: [1, 2], data: Int32Array.of(1, -2) };
    expect(encodeTensor(t)).toEqual(
      concatBytes(TENSOR_MAGIC, Uint8Array.of(2), u32be(2), u32be(1), u32be(2), Uint8Array.of(1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff)),
    );
    const f: Tensor = { dtype: "float32", dims: [1], data: Float32Array.of(1) };
    expect(encodeTensor(f).subarray(-4)).toEqual(Uint8Array.of(0, 0, 0x80, 0x3f));
  });

  it("round-trips every dtype through decodeTensor, bit for bit", () => {
    for (const t of samples) {
      const back = decodeTensor(encodeTensor(t));
      expect(back.dtype).toBe(t.dtype);
      expect(back.dims).toEqual(t.dims);
      expect(encodeTensor(back)).toEqual(encodeTensor(t));
    }
  });

  it("rejects anything but one canonical encoding", () => {
    const bytes = encodeTensor(samples[0]);
    expect(() => decodeTensor(concatBytes(bytes, Uint8Array.of(0)))).toThrow(/bytes:.*expected/);
    expect(() => decodeTensor(bytes.subarray(0, bytes.length - 1))).toThrow(/bytes:/);
    const badMagic = bytes.slice();
    badMagic[0] ^= 1;
    expect(() => decodeTensor(badMagic)).toThrow(/magic/);
    const badTag = bytes.slice();
    badTag[4] = 99;
    expect(() => decodeTensor(badTag)).toThrow(/tag 99/);
  });

  it("validates the tensor and names the bad field", () => {
    expect(() => encodeTensor({ dtype: "float16", dims: [1], data: new Float32Array(1) } as unknown as Tensor)).toThrow(
      /tensor\.dtype/,
    );
    expect(() => encodeTensor({ dtype: "float32", dims: [2], data: new Float32Array(3) })).toThrow(/tensor\.data.*2 elements/);
    expect(() => encodeTensor({ dtype: "int32", dims: [1], data: new Float32Array(1) } as unknown as Tensor)).toThrow(
      /tensor\.data: expected Int32Array/,
    );
    expect(() => encodeTensor({ dtype: "int32", dims: [-1], data: new Int32Array(0) })).toThrow(/tensor\.dims\[0\]/);
  });
});

describe("tensorDigest", () => {
  it("is 32 bytes, stable, and changes with dtype, dims or any element", () => {
    const base: Tensor = { dtype: "int32", dims: [2, 3], data: Int32Array.of(1, 2, 3, 4, 5, 6) };
    const d = tensorDigest(base);
    expect(d).toHaveLength(32);
    expect(tensorDigest({ ...base, data: base.data.slice() })).toEqual(d);
    const variants: Tensor[] = [
      { ...base, dims: [3, 2] },
      { ...base, dims: [6] },
      { dtype: "float32", dims: [2, 3], data: new Float32Array(base.data.buffer.slice(0)) },
      { ...base, data: Int32Array.of(1, 2, 3, 4, 5, 7) },
    ];
    const hex = new Set([d, ...variants.map(tensorDigest)].map((x) => Buffer.from(x).toString("hex")));
    expect(hex.size).toBe(variants.length + 1);
  });
});
