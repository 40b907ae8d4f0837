import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { eeDecrypt } from "../ee/client";
import type { EEKey } from "../ee/key";
import { saveOnnx } from "../onnx/onnx-io";
import { onnx } from "../onnx/proto";
import { createSession, maxAbsDiff, runSingle } from "../runtime/session";
import type { FloatTensor } from "../onnx/tensors";
import { buildConvNet } from "./conv-net";
import { prepareOnnx } from "./prepare-onnx";

const log = pino({ level: "silent" });

function writeNet(options: Parameters<typeof buildConvNet>[0] = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "nesa-generic-"));
  const file = join(dir, "net.onnx");
  writeFileSync(file, saveOnnx(buildConvNet(options)));
  return { dir, file };
}

function input(seed: number): FloatTensor {
  let s = seed;
  const data = Float32Array.from({ length: 2 * 3 * 16 * 16 }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  });
  return { data, dims: [2, 3, 16, 16] };
}

async function runChain(dir: string, files: string[], x: FloatTensor): Promise<FloatTensor> {
  let t = x;
  for (const f of files) {
    const session = await createSession(join(dir, f), { threads: 1 });
    t = await runSingle(session, t);
    await session.release();
  }
  return t;
}

describe("prepare --onnx (a model owner's own file)", () => {
  it("cuts and EE-encrypts a conv net; decrypted shards equal onnxruntime on the unsplit file", async () => {
    const { dir, file } = writeNet();
    const out = join(dir, "out");
    const manifest = await prepareOnnx({ onnx: file, id: "conv-net", name: "Test conv net", shards: 3, out, ee: true, hss: true, seed: "t" }, log);
    expect(manifest.name).toBe("Test conv net");
    expect(manifest.shards).toHaveLength(3);
    expect(manifest.ee?.keyCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.hss?.splitOp).toMatch(/Conv/);
    const keyFile = join(out, "conv-net.ee-key.json");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as EEKey;
    expect(key.classPerm).toHaveLength(10);
    expect(key.inputPerm).toBeUndefined(); // an image input: EE does not permute pixels (privacyExposure refuses EE alone)
    const x = input(5);
    const plain = await runChain(dir, ["net.onnx"], x);
    const ee = await runChain(out, manifest.shards.map((s) => s.file), x);
    expect(maxAbsDiff(eeDecrypt("conv-net", key, ee), plain)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(ee, plain)).toBeGreaterThan(1e-3); // the wire output really is permuted
    for (const [i, s] of manifest.shards.slice(1).entries()) expect(s.inputs[0]).toEqual(manifest.shards[i].outputs[0]);
  });

  it("cuts a plain model where asked (--cuts) and refuses a tensor that is not a clean cut, listing the ones that are", async () => {
    const { dir, file } = writeNet();
    const m = await prepareOnnx({ onnx: file, id: "conv-net", name: "n", shards: 2, out: join(dir, "a"), cutTensors: ["pool1"] }, log);
    expect(m.shards[0].outputs[0].name).toBe("pool1");
    expect(m.shards[0].outputs[0].shape).toEqual(["N", 8, 8, 8]);
    await expect(prepareOnnx({ onnx: file, id: "conv-net", name: "n", shards: 2, out: join(dir, "b"), cutTensors: ["conv1.w"] }, log)).rejects.toThrow(/"conv1.w" is not a clean cut point.*Cuts that work: conv1/);
  });

  it("an op EE cannot carry a permutation through: the error names the node, the op and the tensor, and suggests what works", async () => {
    const { dir, file } = writeNet({ flatten: true });
    const err = await prepareOnnx({ onnx: file, id: "flat-net", name: "n", shards: 2, out: join(dir, "out"), ee: true, cutTensors: ["gap"] }, log).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/EE cannot fold a permutation at "gap".*Flatten node "flat\/Flatten".*tensor "gap".*op Flatten is not permutation-equivariant/);
    expect((err as Error).message).toMatch(/Cuts that work: conv1 \(before node \d+\)/);
    // Planning alone avoids it: only cuts EE can fold are candidates.
    const ok = await prepareOnnx({ onnx: file, id: "flat-net", name: "n", shards: 2, out: join(dir, "ok"), ee: true }, log);
    expect(["gap", "flat"]).not.toContain(ok.shards[0].outputs[0].name);
  });

  it("refuses what the schema or the network cannot carry, saying what to do", async () => {
    const { dir } = writeNet();
    const write = (name: string, edit: (m: ReturnType<typeof buildConvNet>) => void) => {
      const m = buildConvNet();
      edit(m);
      const f = join(dir, name);
      writeFileSync(f, saveOnnx(m));
      return f;
    };
    const run = (f: string) => prepareOnnx({ onnx: f, id: "x-net", name: "n", shards: 1, out: join(dir, "o") }, log);
    await expect(run(write("ir.onnx", (m) => { m.irVersion = 9; }))).rejects.toThrow(/IR version 9 is newer than this tool's ONNX schema.*Re-export with IR 8/);
    await expect(run(write("opset.onnx", (m) => { m.opsetImport[0].version = 19; }))).rejects.toThrow(/opset 19 is outside 7–17.*convert_version/);
    await expect(run(write("custom.onnx", (m) => { m.graph.node[1].domain = "com.microsoft"; }))).rejects.toThrow(/node 1 \(Relu "relu1\/Relu"\) is a custom op of domain "com.microsoft"/);
    await expect(run(write("two-out.onnx", (m) => { m.graph.output.push(onnx.ValueInfoProto.create({ name: "fc" }) as never); }))).rejects.toThrow(/one graph input and one output.*outputs \[probs, fc\]/);
    await expect(prepareOnnx({ onnx: join(dir, "net.onnx"), id: "lande", name: "n", shards: 1, out: join(dir, "o") }, log)).rejects.toThrow(/built-in model/);
    await expect(prepareOnnx({ onnx: join(dir, "net.onnx"), id: "My Net", name: "n", shards: 1, out: join(dir, "o") }, log)).rejects.toThrow(/lower-case/);
  });
});
