import { decodeTensor as canonicalDecode, encodeTensor as canonicalEncode, tensorDigest } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { type Tensor, decodeTensor, digestOfEncoded, encodeTensor } from "./tensor-codec";

const samples: Tensor[] = [
  { dtype: "float32", dims: [1, 3], data: Float32Array.from([0.25, -1, 3e-8]) },
  { dtype: "float32", dims: [2, 0, 4], data: new Float32Array(0) },
  { dtype: "float64", dims: [2], data: Float64Array.from([Math.PI, -0]) },
  { dtype: "int32", dims: [], data: Int32Array.from([-7]) },
  { dtype: "int64", dims: [3], data: BigInt64Array.from([-1n, 0n, 2n ** 62n]) },
  { dtype: "uint8", dims: [5], data: Uint8Array.from([0, 1, 2, 254, 255]) },
  // A view into a larger buffer at an odd offset: only its own elements are encoded.
  { dtype: "float32", dims: [2], data: new Float32Array(new Float32Array([9, 1.5, 2.5, 9]).buffer, 4, 2) },
];

describe("data-plane tensor codec", () => {
  it("encodes exactly @nesa/crypto's canonical bytes, so keys are the chain's output digests", () => {
    for (const t of samples) {
      const bytes = encodeTensor(t);
      expect(Buffer.from(bytes).equals(Buffer.from(canonicalEncode(t)))).toBe(true);
      expect(digestOfEncoded(bytes)).toBe(Buffer.from(tensorDigest(t)).toString("hex"));
    }
  });

  it("decodes to what the canonical decoder returns, from any byte offset", () => {
    for (const t of samples) {
      const bytes = canonicalEncode(t);
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      for (const input of [bytes, shifted.subarray(3), Buffer.from(bytes)]) {
        const got = decodeTensor(input);
        expect(got.dtype).toBe(t.dtype);
        expect(got.dims).toEqual(canonicalDecode(bytes).dims);
        expect(Array.from(got.data as ArrayLike<number | bigint>)).toEqual(Array.from(t.data as ArrayLike<number | bigint>));
      }
    }
  });

  it("rejects what the canonical codec rejects, with its messages", () => {
    const ok = canonicalEncode(samples[0]);
    expect(() => decodeTensor(ok.subarray(0, ok.length - 1))).toThrow(/not a canonical tensor encoding/);
    expect(() => decodeTensor(Buffer.from("nope, not a tensor"))).toThrow(/bad magic/);
    expect(() => encodeTensor({ dtype: "float32", dims: [3], data: new Float32Array(2) } as Tensor)).toThrow(/need 3 elements/);
  });
});
