import type { InferenceSession } from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { toNumber } from "../onnx/proto";
import { buildDecoderGraph } from "./decoder-graph";
import { randomDecoderWeights } from "./random-weights";
import { referenceForward } from "./reference-forward";
import { emptyKvCache, runShardStep } from "./shard-step";
import { fullRange, maxDiff, openShard, tinyConfig, tokenIds } from "./test-fixture";

const config = tinyConfig();
const weights = randomDecoderWeights(config, 42);
const allBlocks = [0, 1, 2];

describe("buildDecoderGraph", () => {
  let full: InferenceSession;
  beforeAll(async () => {
    full = await openShard(weights, config, fullRange(config));
  });

  it("declares the Optimum decoder interface with symbolic dims", () => {
    const model = buildDecoderGraph(weights, config, fullRange(config));
    expect(model.opsetImport[0].version).toBe(17);
    expect(toNumber(model.irVersion)).toBe(8);
    const dims = (v: (typeof model.graph.input)[number]) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || toNumber(d.dimValue));
    const inputs = Object.fromEntries(model.graph.input.map((v) => [v.name, dims(v)]));
    const outputs = Object.fromEntries(model.graph.output.map((v) => [v.name, dims(v)]));
    expect(Object.keys(inputs)).toEqual(["input_ids", "position_ids", "attention_mask", ...allBlocks.flatMap((i) => [`past_key_values.${i}.key`, `past_key_values.${i}.value`])]);
    expect(inputs.attention_mask).toEqual(["batch_size", "past_sequence_length + sequence_length"]);
    expect(inputs["past_key_values.1.value"]).toEqual(["batch_size", 2, "past_sequence_length", 8]);
    expect(outputs.logits).toEqual(["batch_size", "sequence_length", 50]);
    expect(outputs["present.2.key"]).toEqual(["batch_size", 2, "past_sequence_length + sequence_length", 8]);
    // Exact GELU from Erf, never the Gelu op (absent from opset 17 and approximated by some runtimes).
    expect(model.graph.node.some((n) => n.opType === "Erf")).toBe(true);
    expect(model.graph.node.some((n) => n.opType === "Gelu")).toBe(false);
  });

  it("matches the float64 reference forward pass at every position of a 10-token sequence", async () => {
    const ids = tokenIds(10, config.vocabSize);
    const { output, kind, present } = await runShardStep(full, { ids }, emptyKvCache(config, allBlocks));
    expect(kind).toBe("logits");
    expect(output.dims).toEqual([1, 10, 50]);
    expect(present.get(1)!.key.dims).toEqual([1, 2, 10, 8]);
    const reference = referenceForward(weights, config, ids);
    expect(maxDiff(output.data, reference)).toBeLessThanOrEqual(1e-4);
    // The check can fail: the logits are far from constant, and another seed's weights differ.
    const other = referenceForward(randomDecoderWeights(config, 43), config, ids);
    expect(maxDiff(output.data, other)).toBeGreaterThan(0.1);
  });

  it("uses the attention mask: a padding key changes the output, and masking it equals leaving it out", async () => {
    const ids = tokenIds(10, config.vocabSize, 3);
    const j = 3;
    const mask = ids.map((_, t) => (t === j ? 0 : 1));
    const past = emptyKvCache(config, allBlocks);
    const plain = (await runShardStep(full, { ids }, past)).output.data;
    const masked = (await runShardStep(full, { ids }, past, { attentionMask: mask })).output.data;
    const V = config.vocabSize;
    const row = (data: Float32Array, t: number) => data.subarray(t * V, (t + 1) * V);
    expect(maxDiff(row(plain, 9), row(masked, 9))).toBeGreaterThan(1e-3);
    // Causality: rows before the padding key cannot see it either way.
    expect(maxDiff(plain.subarray(0, j * V), masked.subarray(0, j * V))).toBeLessThanOrEqual(1e-6);

    // The same sequence without token j, every other token keeping its position id.
    const keep = ids.map((_, t) => t).filter((t) => t !== j);
    const dropped = (await runShardStep(full, { ids: keep.map((t) => ids[t]) }, past, { positions: keep })).output.data;
    const gaps = keep.map((t, k) => maxDiff(row(masked, t), row(dropped, k)));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1e-5);
    // And the float64 reference applies the mask the same way.
    expect(maxDiff(masked, referenceForward(weights, config, ids, { attentionMask: mask }))).toBeLessThanOrEqual(1e-4);
  });

  it("keeps only a shard's own weights and reads hidden_states / writes last_hidden_state in the middle", () => {
    const model = buildDecoderGraph(weights, config, { firstBlock: 1, endBlock: 2, embed: false, head: false });
    const weightNames = model.graph.initializer.map((t) => t.name).filter((n) => !n.startsWith("const."));
    expect(weightNames.every((n) => n.startsWith("blocks.1."))).toBe(true);
    expect(weightNames).toHaveLength(12);
    expect(model.graph.input.map((v) => v.name)).toEqual(["hidden_states", "attention_mask", "past_key_values.1.key", "past_key_values.1.value"]);
    expect(model.graph.output.map((v) => v.name)).toEqual(["last_hidden_state", "present.1.key", "present.1.value"]);
  });

  it("explains bad ranges and weights", () => {
    expect(() => buildDecoderGraph(weights, config, { firstBlock: 2, endBlock: 2, embed: false, head: true })).toThrow(/0 ≤ firstBlock < endBlock ≤ n_layer \(3\)/);
    expect(() => buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: 4, embed: true, head: true })).toThrow(/block range \[0, 4\)/);
    const missing = new Map(weights);
    missing.delete("blocks.1.mlp.fc.bias");
    expect(() => buildDecoderGraph(missing, config, fullRange(config))).toThrow(/"blocks.1.mlp.fc.bias" is missing \(expected shape \[64\]\)/);
    // A shard that does not need the missing weight still builds.
    expect(() => buildDecoderGraph(missing, config, { firstBlock: 2, endBlock: 3, embed: false, head: true })).not.toThrow();
  });
});
