import type { ModelProto } from "../onnx/proto";
import { getTensor } from "../onnx/tensors";
import type { DecoderConfig } from "./decoder-config";
import type { TensorMap } from "./safetensors";

// Re-exported because the weights and their config travel together (the EE code imports both from here).
export type { DecoderConfig } from "./decoder-config";

/**
 * The decoder's float32 weights by trainer name. Matrices are [in, out] (y = x @ W + b), so they go
 * into ONNX MatMul unchanged and keep the same names as initializers.
 */
export type DecoderWeights = TensorMap;

/** Names and shapes of one block's weights, in the trainer's order. */
export function blockWeightShapes(config: DecoderConfig, block: number): [string, number[]][] {
  const { nEmbd: D, nInner: F } = config;
  const p = `blocks.${block}`;
  return [
    [`${p}.ln1.weight`, [D]],
    [`${p}.ln1.bias`, [D]],
    [`${p}.attn.qkv.weight`, [D, 3 * D]],
    [`${p}.attn.qkv.bias`, [3 * D]],
    [`${p}.attn.proj.weight`, [D, D]],
    [`${p}.attn.proj.bias`, [D]],
    [`${p}.ln2.weight`, [D]],
    [`${p}.ln2.bias`, [D]],
    [`${p}.mlp.fc.weight`, [D, F]],
    [`${p}.mlp.fc.bias`, [F]],
    [`${p}.mlp.proj.weight`, [F, D]],
    [`${p}.mlp.proj.bias`, [D]],
  ];
}

/** What a shard reads: its blocks, plus the embeddings and/or the head when it has them. */
export interface WeightRange {
  firstBlock: number;
  endBlock: number;
  embed: boolean;
  head: boolean;
}

/** Names and shapes of every weight a shard (or, by default, the whole model) needs. */
export function decoderWeightShapes(config: DecoderConfig, range?: WeightRange): [string, number[]][] {
  const r = range ?? { firstBlock: 0, endBlock: config.nLayer, embed: true, head: true };
  const { nEmbd: D, vocabSize: V, nPositions: C } = config;
  const out: [string, number[]][] = [];
  if (r.embed) out.push(["wte", [V, D]], ["wpe", [C, D]]);
  for (let i = r.firstBlock; i < r.endBlock; i++) out.push(...blockWeightShapes(config, i));
  if (r.head) out.push(["ln_f.weight", [D]], ["ln_f.bias", [D]], ["lm_head.weight", [D, V]]);
  return out;
}

/**
 * Throw a message naming the first missing or mis-shaped weight the range needs. Extra tensors are
 * allowed: a shard is built from the full checkpoint.
 */
export function checkDecoderWeights(weights: DecoderWeights, config: DecoderConfig, range?: WeightRange): void {
  for (const [name, shape] of decoderWeightShapes(config, range)) {
    const tensor = weights.get(name);
    if (!tensor) throw new Error(`decoder weights: "${name}" is missing (expected shape [${shape}])`);
    if (tensor.shape.join(",") !== shape.join(",")) {
      throw new Error(`decoder weights: "${name}" has shape [${tensor.shape}] but the config needs [${shape}]`);
    }
    if (tensor.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`decoder weights: "${name}" holds ${tensor.data.length} values for shape [${shape}]`);
    }
  }
}

const WEIGHT_NAME =
  /^(wte|wpe|ln_f\.(weight|bias)|lm_head\.weight|blocks\.\d+\.(ln1|ln2|attn\.qkv|attn\.proj|mlp\.fc|mlp\.proj)\.(weight|bias))$/;

/** True for names in the trainer's scheme (the graph's helper constants are all named `const.*`). */
export function isDecoderWeightName(name: string): boolean {
  return WEIGHT_NAME.test(name);
}

/**
 * Read the decoder weights back from a graph made by buildDecoderGraph (its initializers carry the
 * trainer's names), so sharding and EE can start from a committed model.onnx alone. A shard yields
 * only the weights it holds.
 * @example const weights = weightsFromOnnx(loadOnnx("dist/lm/model.onnx"));
 */
export function weightsFromOnnx(model: ModelProto): DecoderWeights {
  const out: DecoderWeights = new Map();
  for (const init of model.graph.initializer) {
    const name = init.name ?? "";
    if (!isDecoderWeightName(name)) continue;
    const tensor = getTensor(model, name)!;
    out.set(name, { shape: tensor.dims, data: tensor.data });
  }
  if (out.size === 0) throw new Error("weightsFromOnnx: the graph has no initializers named like decoder weights (wte, blocks.N.…); was it built by buildDecoderGraph?");
  return out;
}
