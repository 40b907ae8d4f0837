import { describe, expect, it } from "vitest";
import { decodeTensor, digestOfEncoded, encodeTensor } from "./tensor-codec";

describe("canonical tensor encoding", () => {
  it("round-trips every dtype exactly", () => {
    const f = { dtype: "float32" as const, dims: [2, 3], data: Float32Array.from([1.5, -0, Number.NaN, 3e-39, -7, 1e30]) };
    const back = decodeTensor(encodeTensor(f));
    expect(back.dims).toEqual([2, 3]);
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(f.data.buffer))).toBe(true);
    const i = { dtype: "int64" as const, dims: [3], data: BigInt64Array.from([-1n, 0n, 2n ** 62n]) };
    expect(Array.from(decodeTensor(encodeTensor(i)).data as BigInt64Array)).toEqual([-1n, 0n, 2n ** 62n]);
    const j = { dtype: "int32" as const, dims: [], data: Int32Array.from([42]) };
    expect(decodeTensor(encodeTensor(j))).toEqual(j);
  });

  it("gives different digests for different shapes of the same data", () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const a = digestOfEncoded(encodeTensor({ dtype: "float32", dims: [4], data }));
    const b = digestOfEncoded(encodeTensor({ dtype: "float32", dims: [2, 2], data }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it("rejects malformed bytes and inconsistent tensors", () => {
    expect(() => encodeTensor({ dtype: "float32", dims: [3], data: new Float32Array(2) })).toThrow(/need 3 elements/);
    const ok = encodeTensor({ dtype: "float32", dims: [2], data: new Float32Array(2) });
    expect(() => decodeTensor(ok.subarray(0, ok.length - 1))).toThrow(/data bytes/);
    expect(() => decodeTensor(Buffer.from("nope!!"))).toThrow(/NTS1/);
  });
});
