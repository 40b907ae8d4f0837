import type { DecoderConfig } from "./decoder-config";
import type { DecoderWeights } from "./decoder-weights";
import type { GraphBuilder } from "./graph-builder";

/** What every block part needs: the builder, the model, and the shared additive attention mask. */
export interface BlockContext {
  b: GraphBuilder;
  config: DecoderConfig;
  weights: DecoderWeights;
  /** float32 [batch, 1, seq, past + seq]: 0 where a query may attend a key, -1e9 elsewhere. */
  maskBias: string;
}

/** Names of a block's cache tensors, Optimum-style, by global block index. */
export const pastKeyName = (i: number) => `past_key_values.${i}.key`;
export const pastValueName = (i: number) => `past_key_values.${i}.value`;
export const presentKeyName = (i: number) => `present.${i}.key`;
export const presentValueName = (i: number) => `present.${i}.value`;

/** Add a weight as an initializer under its trainer name and return that name. */
export function weight(ctx: BlockContext, name: string): string {
  const tensor = ctx.weights.get(name);
  if (!tensor) throw new Error(`buildDecoderGraph: weight "${name}" is missing`);
  return ctx.b.floatInit(name, tensor.shape, tensor.data);
}

/** LayerNormalization over the last axis (opset 17 has it as one op, as PyTorch computes it). */
export function layerNorm(ctx: BlockContext, x: string, prefix: string, out: string): string {
  const scale = weight(ctx, `${prefix}.weight`);
  const bias = weight(ctx, `${prefix}.bias`);
  return ctx.b.op("LayerNormalization", [x, scale, bias], out, { axis: { i: -1 }, epsilon: { f: ctx.config.layerNormEpsilon } });
}

/** y = x @ W + b, with W stored [in, out] exactly as the trainer wrote it. */
export function linear(ctx: BlockContext, x: string, prefix: string, out: string, withBias = true): string {
  const mm = ctx.b.op("MatMul", [x, weight(ctx, `${prefix}.weight`)], withBias ? `${out}.matmul` : out);
  return withBias ? ctx.b.op("Add", [mm, weight(ctx, `${prefix}.bias`)], out) : mm;
}

/**
 * Causal self-attention with a KV cache: the new keys/values are appended to the past ones along
 * the sequence axis, and the concatenation is the block's `present` output.
 */
function attention(ctx: BlockContext, i: number, x: string): string {
  const { b } = ctx;
  const { nEmbd: D, nHead: H, headDim: hd } = ctx.config;
  const p = `blocks.${i}.attn`;
  const qkv = linear(ctx, x, `${p}.qkv`, `${p}.qkv`);
  const [q, k, v] = b.opMulti("Split", [qkv, b.int64Const("split_qkv", [D, D, D])], [`${p}.q`, `${p}.k`, `${p}.v`], { axis: { i: -1 } });
  // [B, S, D] → [B, S, H, hd] → [B, H, S, hd]; Reshape's 0 copies batch and sequence from the input.
  const heads = (t: string) =>
    b.op("Transpose", [b.op("Reshape", [t, b.int64Const("heads_shape", [0, 0, H, hd])], `${t}.heads`)], `${t}.bhsd`, { perm: { ints: [0, 2, 1, 3] } });
  const kAll = b.op("Concat", [pastKeyName(i), heads(k)], presentKeyName(i), { axis: { i: 2 } });
  const vAll = b.op("Concat", [pastValueName(i), heads(v)], presentValueName(i), { axis: { i: 2 } });
  const kT = b.op("Transpose", [kAll], `${p}.k_t`, { perm: { ints: [0, 1, 3, 2] } });
  const raw = b.op("MatMul", [heads(q), kT], `${p}.qk`);
  // Multiply by 1/sqrt(hd) (as nanoGPT-style code does) rather than divide: the same float32 rounding.
  const scores = b.op("Mul", [raw, b.floatScalar("attn_scale", 1 / Math.sqrt(hd))], `${p}.scores`);
  const masked = b.op("Add", [scores, ctx.maskBias], `${p}.scores_masked`);
  const probs = b.op("Softmax", [masked], `${p}.probs`, { axis: { i: -1 } });
  const context = b.op("MatMul", [probs, vAll], `${p}.context`);
  const merged = b.op(
    "Reshape",
    [b.op("Transpose", [context], `${p}.context_bshd`, { perm: { ints: [0, 2, 1, 3] } }), b.int64Const("merge_shape", [0, 0, D])],
    `${p}.merged`,
  );
  return linear(ctx, merged, `${p}.proj`, `${p}.out`);
}

/** fc → exact GELU 0.5·x·(1 + erf(x/√2)) built from Erf (no Gelu op, so no tanh approximation) → proj. */
function mlp(ctx: BlockContext, i: number, x: string): string {
  const { b } = ctx;
  const p = `blocks.${i}.mlp`;
  const h = linear(ctx, x, `${p}.fc`, `${p}.fc`);
  const erf = b.op("Erf", [b.op("Mul", [h, b.floatScalar("sqrt1_2", Math.SQRT1_2)], `${p}.gelu_scaled`)], `${p}.gelu_erf`);
  const gate = b.op("Mul", [h, b.op("Add", [erf, b.floatScalar("one", 1)], `${p}.gelu_1p`)], `${p}.gelu_x1p`);
  const gelu = b.op("Mul", [gate, b.floatScalar("half", 0.5)], `${p}.gelu`);
  return linear(ctx, gelu, `${p}.proj`, `${p}.out`);
}

/** One pre-LN block: x += attn(LN1(x)); x += mlp(LN2(x)). Returns the block's output tensor name. */
export function decoderBlock(ctx: BlockContext, i: number, x: string): string {
  const p = `blocks.${i}`;
  const afterAttn = ctx.b.op("Add", [x, attention(ctx, i, layerNorm(ctx, x, `${p}.ln1`, `${p}.ln1`))], `${p}.resid1`);
  return ctx.b.op("Add", [afterAttn, mlp(ctx, i, layerNorm(ctx, afterAttn, `${p}.ln2`, `${p}.ln2`))], `${p}.out`);
}
