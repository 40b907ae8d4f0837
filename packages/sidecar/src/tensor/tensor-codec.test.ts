import { tensorDigest } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { decodeTensor, digestOfEncoded, encodeTensor } from "./tensor-codec";

describe("data-plane tensor keys", () => {
  it("are the chain's output digest of the tensor", () => {
    const t = { dtype: "float32" as const, dims: [1, 3], data: Float32Array.from([0.25, -1, 3e-8]) };
    expect(digestOfEncoded(encodeTensor(t))).toBe(Buffer.from(tensorDigest(t)).toString("hex"));
  });

  it("differ for the same values in another shape, and decode back exactly", () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const a = encodeTensor({ dtype: "float32", dims: [4], data });
    const b = encodeTensor({ dtype: "float32", dims: [2, 2], data });
    expect(digestOfEncoded(a)).not.toBe(digestOfEncoded(b));
    const back = decodeTensor(Buffer.from(b));
    expect(back.dims).toEqual([2, 2]);
    expect(Array.from(back.data as Float32Array)).toEqual([1, 2, 3, 4]);
  });
});
