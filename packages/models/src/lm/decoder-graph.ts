import { ElemType, type ModelProto, type ValueInfoProto } from "../onnx/proto";
import { type BlockContext, decoderBlock, layerNorm, linear, pastKeyName, pastValueName, presentKeyName, presentValueName, weight } from "./decoder-block";
import { type DecoderConfig, decoderConfigToJson, parseDecoderConfig } from "./decoder-config";
import { type DecoderWeights, type WeightRange, checkDecoderWeights } from "./decoder-weights";
import { GraphBuilder, tensorInfo } from "./graph-builder";

/**
 * Which part of the decoder a graph computes: blocks [firstBlock, endBlock), plus the token and
 * position embeddings (`embed`, the first shard) and/or the final LayerNorm and LM head (`head`, the last).
 */
export type ShardRange = WeightRange;

/**
 * Graph input/output names (Hugging Face Optimum's decoder interface). A shard that does not embed
 * reads `hidden_states`; a shard without the head writes `last_hidden_state` — ONNX forbids one name
 * for both an input and an output, so a middle shard could not use `hidden_states` for both.
 */
export const DECODER_IO = {
  inputIds: "input_ids",
  positionIds: "position_ids",
  hiddenIn: "hidden_states",
  attentionMask: "attention_mask",
  logits: "logits",
  hiddenOut: "last_hidden_state",
} as const;

/** Metadata keys carrying the config and the range, so a committed .onnx file describes itself. */
export const METADATA_CONFIG = "nesa.decoder.config";
export const METADATA_RANGE = "nesa.decoder.range";

// Optimum's symbolic dimension names.
const BATCH = "batch_size";
const SEQ = "sequence_length";
const PAST = "past_sequence_length";
const TOTAL = "past_sequence_length + sequence_length";

/** Large but finite, so a row whose keys are all masked still softmaxes to numbers, never NaN. */
const MASKED = -1e9;

/**
 * Build the ONNX decoder, or one block-range shard of it, with a KV cache (opset 17, IR 8).
 * Initializers keep the trainer's names; a shard carries only the weights it uses.
 * @example const full = buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: config.nLayer, embed: true, head: true });
 */
export function buildDecoderGraph(weights: DecoderWeights, config: DecoderConfig, range: ShardRange): ModelProto {
  const { firstBlock: a, endBlock: e } = range;
  if (!Number.isInteger(a) || !Number.isInteger(e) || a < 0 || e > config.nLayer || a >= e) {
    throw new Error(`buildDecoderGraph: block range [${a}, ${e}) must satisfy 0 ≤ firstBlock < endBlock ≤ n_layer (${config.nLayer})`);
  }
  checkDecoderWeights(weights, config, range);
  const b = new GraphBuilder();
  const { nEmbd: D, nHead: H, headDim: hd, vocabSize: V } = config;
  const inputs: ValueInfoProto[] = [];
  const outputs: ValueInfoProto[] = [];

  const seqInput = range.embed ? DECODER_IO.inputIds : DECODER_IO.hiddenIn;
  if (range.embed) {
    inputs.push(tensorInfo(DECODER_IO.inputIds, ElemType.INT64, [BATCH, SEQ]), tensorInfo(DECODER_IO.positionIds, ElemType.INT64, [BATCH, SEQ]));
  } else {
    inputs.push(tensorInfo(DECODER_IO.hiddenIn, ElemType.FLOAT, [BATCH, SEQ, D]));
  }
  inputs.push(tensorInfo(DECODER_IO.attentionMask, ElemType.INT64, [BATCH, TOTAL]));

  const ctx: BlockContext = { b, config, weights, maskBias: attentionBias(b, seqInput) };
  let x = range.embed ? embed(ctx) : DECODER_IO.hiddenIn;
  for (let i = a; i < e; i++) {
    inputs.push(tensorInfo(pastKeyName(i), ElemType.FLOAT, [BATCH, H, PAST, hd]), tensorInfo(pastValueName(i), ElemType.FLOAT, [BATCH, H, PAST, hd]));
    x = decoderBlock(ctx, i, x);
  }

  if (range.head) {
    linear(ctx, layerNorm(ctx, x, "ln_f", "ln_f"), "lm_head", DECODER_IO.logits, false);
    outputs.push(tensorInfo(DECODER_IO.logits, ElemType.FLOAT, [BATCH, SEQ, V]));
  } else {
    b.op("Identity", [x], DECODER_IO.hiddenOut);
    outputs.push(tensorInfo(DECODER_IO.hiddenOut, ElemType.FLOAT, [BATCH, SEQ, D]));
  }
  for (let i = a; i < e; i++) {
    outputs.push(tensorInfo(presentKeyName(i), ElemType.FLOAT, [BATCH, H, TOTAL, hd]), tensorInfo(presentValueName(i), ElemType.FLOAT, [BATCH, H, TOTAL, hd]));
  }
  const metadata = { [METADATA_CONFIG]: JSON.stringify(decoderConfigToJson(config)), [METADATA_RANGE]: JSON.stringify(range) };
  return b.toModel(`nesa_tiny_lm_blocks_${a}_${e}`, inputs, outputs, metadata);
}

/** Token embedding + learned position embedding, each a Gather over its table. */
function embed(ctx: BlockContext): string {
  const tokens = ctx.b.op("Gather", [weight(ctx, "wte"), DECODER_IO.inputIds], "embed.tokens", { axis: { i: 0 } });
  const positions = ctx.b.op("Gather", [weight(ctx, "wpe"), DECODER_IO.positionIds], "embed.positions", { axis: { i: 0 } });
  return ctx.b.op("Add", [tokens, positions], "embed.out");
}

/**
 * The additive mask shared by every block, [B, 1, S, T]. Query i sits at absolute position past + i,
 * with past = T − S read from the shapes (T = attention_mask's length, S = the new tokens), and may
 * attend key j iff j ≤ past + i (causal) and attention_mask[j] = 1 (padding).
 */
function attentionBias(b: GraphBuilder, seqInput: string): string {
  const axes0 = b.int64Const("axes_0", [0]);
  const dim1 = (t: string, out: string) => b.op("Squeeze", [b.op("Shape", [t], `${out}.1d`, { start: { i: 1 }, end: { i: 2 } }), axes0], out);
  const total = dim1(DECODER_IO.attentionMask, "mask.total_len");
  const seq = dim1(seqInput, "mask.seq_len");
  const past = b.op("Sub", [total, seq], "mask.past_len");
  const one = b.int64Const("one_i64", [1], true);
  const keyPos = b.op("Range", [b.int64Const("zero_i64", [0], true), total, one], "mask.key_pos");
  const queryPos = b.op("Range", [past, total, one], "mask.query_pos");
  const queryCol = b.op("Unsqueeze", [queryPos, b.int64Const("axes_1", [1])], "mask.query_col");
  const causal = b.op("LessOrEqual", [keyPos, queryCol], "mask.causal");
  const padding = b.op("Cast", [DECODER_IO.attentionMask], "mask.keep", { to: { i: ElemType.BOOL } });
  const paddingBhst = b.op("Unsqueeze", [padding, b.int64Const("axes_1_2", [1, 2])], "mask.keep_b11t");
  const allowed = b.op("And", [causal, paddingBhst], "mask.allowed");
  return b.op("Where", [allowed, b.floatScalar("zero", 0), b.floatScalar("masked", MASKED)], "mask.bias");
}

/** The config a graph was built with, read back from its metadata. */
export function configFromOnnx(model: ModelProto): DecoderConfig {
  return parseDecoderConfig(JSON.parse(metadataValue(model, METADATA_CONFIG)), `configFromOnnx: ${METADATA_CONFIG}`);
}

/** The block range a graph computes, read back from its metadata. */
export function rangeFromOnnx(model: ModelProto): ShardRange {
  return JSON.parse(metadataValue(model, METADATA_RANGE)) as ShardRange;
}

function metadataValue(model: ModelProto, key: string): string {
  const entry = model.metadataProps?.find((p) => p.key === key);
  if (!entry?.value) throw new Error(`the model has no "${key}" metadata; was it built by buildDecoderGraph?`);
  return entry.value;
}
