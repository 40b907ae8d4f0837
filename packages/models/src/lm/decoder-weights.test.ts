import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import { parseDecoderConfig, readDecoderConfig } from "./decoder-config";
import { buildDecoderGraph, configFromOnnx, rangeFromOnnx } from "./decoder-graph";
import { type DecoderWeights, checkDecoderWeights, decoderWeightShapes, weightsFromOnnx } from "./decoder-weights";
import { randomDecoderWeights } from "./random-weights";
import { encodeSafetensors, readSafetensors, writeSafetensors } from "./safetensors";
import { fullRange, tinyConfig, tinyConfigJson } from "./test-fixture";

const config = tinyConfig();
const weights = randomDecoderWeights(config, 5);
const dir = mkdtempSync(join(tmpdir(), "nesa-lm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSameWeights(a: DecoderWeights, b: DecoderWeights): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, t] of a) {
    expect(b.get(name)!.shape, name).toEqual(t.shape);
    expect(Buffer.from(b.get(name)!.data.buffer, b.get(name)!.data.byteOffset, b.get(name)!.data.byteLength).equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), name).toBe(true);
  }
}

describe("decoder config", () => {
  it("reads config.json and derives the head width", () => {
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ ...tinyConfigJson(), architectures: ["NesaTinyLM"], torch_dtype: "float32" }));
    const read = readDecoderConfig(path);
    expect(read).toEqual(config);
    expect(read.headDim).toBe(8);
  });

  it("names the bad field", () => {
    const base = tinyConfigJson();
    expect(() => parseDecoderConfig({ ...base, model_type: "gpt2" })).toThrow(/model_type is "gpt2"; only "nesa-tiny-lm"/);
    expect(() => parseDecoderConfig({ ...base, n_head: 3 })).toThrow(/n_embd 16 is not a multiple of n_head 3/);
    expect(() => parseDecoderConfig({ ...base, n_layer: undefined })).toThrow(/n_layer must be an integer ≥ 1, got undefined/);
    expect(() => parseDecoderConfig({ ...base, layer_norm_epsilon: 0 })).toThrow(/layer_norm_epsilon must be a positive number/);
    expect(() => parseDecoderConfig({ ...base, eos_token_id: 50 })).toThrow(/eos_token_id 50 ≥ vocab_size 50/);
    expect(() => readDecoderConfig(join(dir, "absent.json"))).toThrow(/cannot read .*absent.json \(ENOENT\)/);
  });
});

describe("safetensors", () => {
  it("round-trips through a file exactly, with an 8-byte aligned header", () => {
    const path = join(dir, "weights.safetensors");
    writeSafetensors(weights, path, { format: "pt" });
    const back = readSafetensors(path);
    expectSameWeights(weights, back);
    expect([...back.keys()]).toEqual([...weights.keys()]);
    const headerLength = Number(Buffer.from(encodeSafetensors(weights)).readBigUInt64LE(0));
    expect(headerLength % 8).toBe(0);
  });

  it("reads a file laid out by hand (unaligned data start, metadata, offsets out of order)", () => {
    const header = JSON.stringify({ __metadata__: { format: "pt" }, b: { dtype: "F32", shape: [1], data_offsets: [8, 12] }, a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } });
    const data = Buffer.from(new Float32Array([1.5, -2, 3.25]).buffer);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const back = readSafetensors(new Uint8Array(Buffer.concat([len, Buffer.from(header), data])));
    expect([...back.get("a")!.data]).toEqual([1.5, -2]);
    expect(back.get("b")!).toEqual({ shape: [1], data: new Float32Array([3.25]) });
  });

  it("refuses what it cannot read faithfully", () => {
    const good = encodeSafetensors(new Map([["x", { shape: [2], data: new Float32Array([1, 2]) }]]));
    const text = new TextDecoder().decode(good);
    const f16 = new TextEncoder().encode(text.replace('"F32"', '"F16"'));
    expect(() => readSafetensors(f16)).toThrow(/tensor "x" is "F16"; only F32 is supported/);
    expect(() => readSafetensors(good.subarray(0, good.length - 1))).toThrow(/tensor "x" spans bytes \[0, 8\) of 7/);
    expect(() => readSafetensors(good.subarray(0, 20))).toThrow(/declares a \d+-byte header/);
  });
});

describe("weights in the ONNX graph", () => {
  it("weightsFromOnnx(buildDecoderGraph(w)) gives w back exactly, through the file bytes", () => {
    const model = loadOnnx(saveOnnx(buildDecoderGraph(weights, config, fullRange(config))));
    expectSameWeights(weights, weightsFromOnnx(model));
    expect(configFromOnnx(model)).toEqual(config);
    expect(rangeFromOnnx(model)).toEqual(fullRange(config));
  });

  it("a shard gives back only the weights it holds", () => {
    const range = { firstBlock: 2, endBlock: 3, embed: false, head: true };
    const back = weightsFromOnnx(buildDecoderGraph(weights, config, range));
    expect([...back.keys()].sort()).toEqual(decoderWeightShapes(config, range).map(([n]) => n).sort());
    expect(() => checkDecoderWeights(back, config)).toThrow(/"wte" is missing/);
  });

  it("checks shapes against the config", () => {
    const bad = new Map(weights);
    bad.set("blocks.0.attn.qkv.weight", { shape: [16, 16], data: new Float32Array(256) });
    expect(() => checkDecoderWeights(bad, config)).toThrow(/"blocks.0.attn.qkv.weight" has shape \[16,16\] but the config needs \[16,48\]/);
  });
});
