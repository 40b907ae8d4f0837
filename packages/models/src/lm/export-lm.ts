import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { saveOnnx } from "../onnx/onnx-io";
import { readDecoderConfig } from "./decoder-config";
import { buildDecoderGraph } from "./decoder-graph";
import { DecoderPipeline, greedyGenerate } from "./decoder-runner";
import { readSafetensors } from "./safetensors";
import { type LmReference, lmFiles } from "./tiny-lm";

export interface ExportResult {
  modelBytes: number;
  /** Reference generations checked, and how many matched the trainer's greedy output token for token. */
  checked: number;
  matched: number;
  mismatches: { prompt: string; expected: number[]; got: number[] }[];
}

/**
 * weights.safetensors + config.json of a training run → model.onnx (the whole decoder with its KV cache), then
 * greedy-decode the reference prompts with stock onnxruntime-node and compare with the trainer's own decoding.
 */
export async function exportLm(dir: string, options: { keepWeights?: boolean } = {}): Promise<ExportResult> {
  const files = lmFiles(dir);
  const config = readDecoderConfig(files.config);
  const weights = readSafetensors(files.weights);
  const bytes = saveOnnx(buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: config.nLayer, embed: true, head: true }));
  writeFileSync(files.model, bytes);
  const check = await checkAgainstReference(dir);
  if (!options.keepWeights) rmSync(files.weights);
  return { modelBytes: bytes.length, ...check };
}

/** Greedy decoding of DIR/model.onnx vs DIR/reference.json. */
export async function checkAgainstReference(dir: string): Promise<Omit<ExportResult, "modelBytes">> {
  const files = lmFiles(dir);
  const config = readDecoderConfig(files.config);
  const reference = JSON.parse(readFileSync(files.reference, "utf8")) as LmReference;
  const lm = await DecoderPipeline.open([files.model], config);
  const mismatches: ExportResult["mismatches"] = [];
  for (const g of reference.generations) {
    const got = await greedyGenerate(lm, g.input_ids, reference.max_new_tokens, config.eosTokenId);
    if (got.length !== g.greedy_ids.length || got.some((t, i) => t !== g.greedy_ids[i])) mismatches.push({ prompt: g.prompt, expected: g.greedy_ids, got });
  }
  return { checked: reference.generations.length, matched: reference.generations.length - mismatches.length, mismatches };
}
