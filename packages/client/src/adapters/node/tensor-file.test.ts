import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNpy, parseTensorJson, readTensorFile, toNpy, writeTensorFile } from "./tensor-file";

describe("tensor files (.npy, JSON)", () => {
  it("round-trips float32 through .npy and JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nesa-tensor-"));
    const t = { dtype: "float32" as const, dims: [2, 3], data: Float32Array.from([1, -2.5, 3, 0.125, 5, 6]) };
    for (const f of ["x.npy", "x.json"]) {
      await writeTensorFile(join(dir, f), t);
      const back = await readTensorFile(join(dir, f));
      expect(back.dtype).toBe("float32");
      expect(back.dims).toEqual([2, 3]);
      expect(Array.from(back.data as Float32Array)).toEqual(Array.from(t.data));
    }
    const npy = toNpy(t);
    expect((10 + Buffer.from(npy).readUInt16LE(8)) % 64).toBe(0); // header padded as NumPy pads it
  });

  it("reads a .npy header as numpy.save writes it (1-D shape, version 1.0)", () => {
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    const h = Buffer.from(`${header}${" ".repeat(128 - 10 - header.length - 1)}\n`, "latin1");
    const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
    const t = parseNpy(Buffer.concat([head, h, Buffer.from(Float32Array.from([7, 8]).buffer)]));
    expect(t.dims).toEqual([2]);
    expect(Array.from(t.data as Float32Array)).toEqual([7, 8]);
  });

  it("says what is wrong with a bad tensor", () => {
    expect(() => parseTensorJson('{"dims":[2,2],"data":[1,2,3]}')).toThrow(/data has 3 values, dims \[2,2\] need 4/);
    expect(() => parseTensorJson('{"dims":[1],"type":"float16","data":[1]}')).toThrow(/type "float16" is not supported/);
    expect(() => parseNpy(Buffer.from("not a numpy file"))).toThrow(/not a .npy file/);
  });
});
