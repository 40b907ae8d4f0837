import type { InferenceSession } from "onnxruntime-node";
import { saveOnnx } from "../onnx/onnx-io";
import { createSession } from "../runtime/session";
import { type DecoderConfig, decoderConfigToJson, parseDecoderConfig } from "./decoder-config";
import { type ShardRange, buildDecoderGraph } from "./decoder-graph";
import type { DecoderWeights } from "./decoder-weights";

// Shared by the lm tests only (not exported from the barrel): a tiny config and one-line sessions.

/** L=3, H=2, D=16, F=64, V=50, C=32 unless overridden (snake_case keys, as in config.json). */
export function tinyConfig(overrides: Record<string, number> = {}): DecoderConfig {
  return parseDecoderConfig({
    model_type: "nesa-tiny-lm",
    n_layer: 3,
    n_head: 2,
    n_embd: 16,
    n_inner: 64,
    vocab_size: 50,
    n_positions: 32,
    layer_norm_epsilon: 1e-5,
    eos_token_id: 0,
    bos_token_id: 0,
    ...overrides,
  });
}

/** The same config as a plain JSON object, to write or to break in validation tests. */
export function tinyConfigJson(): Record<string, string | number> {
  return decoderConfigToJson(tinyConfig());
}

export function fullRange(config: DecoderConfig): ShardRange {
  return { firstBlock: 0, endBlock: config.nLayer, embed: true, head: true };
}

/** Build a graph for the range and open it in onnxruntime-node (one thread: tests run in parallel). */
export async function openShard(weights: DecoderWeights, config: DecoderConfig, range: ShardRange): Promise<InferenceSession> {
  return createSession(saveOnnx(buildDecoderGraph(weights, config, range)), { threads: 1 });
}

/** Sessions for shards cut before each block in `cuts` (e.g. [1] → blocks [0,1) and [1,L)). */
export async function openChain(weights: DecoderWeights, config: DecoderConfig, cuts: number[]): Promise<InferenceSession[]> {
  const bounds = [0, ...cuts, config.nLayer];
  const ranges = bounds.slice(0, -1).map((a, k) => ({ firstBlock: a, endBlock: bounds[k + 1], embed: k === 0, head: k === bounds.length - 2 }));
  return Promise.all(ranges.map((r) => openShard(weights, config, r)));
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths ${a.length} and ${b.length} differ`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Deterministic token ids in [1, V). */
export function tokenIds(count: number, vocab: number, seed = 1): number[] {
  return Array.from({ length: count }, (_, i) => 1 + ((i * 7 + seed * 13) % (vocab - 1)));
}
