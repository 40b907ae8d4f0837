import { type InferenceSession, Tensor } from "onnxruntime-node";
import type { FloatTensor } from "../onnx/tensors";
import { pastKeyName, pastValueName, presentKeyName, presentValueName } from "./decoder-block";
import type { DecoderConfig } from "./decoder-config";
import { DECODER_IO } from "./decoder-graph";

/** One block's cached keys and values, each float32 [1, H, T, hd]. */
export interface BlockKv {
  key: FloatTensor;
  value: FloatTensor;
}

/** A shard's KV cache by global block index; every entry has the same length T. */
export type KvCache = Map<number, BlockKv>;

/** What enters a shard: token ids (a shard with the embeddings) or the previous shard's hidden state [1, S, D]. */
export type ShardStepInput = { ids: number[] } | { hidden: FloatTensor };

export interface ShardStepOptions {
  /** position_ids of the new tokens (embedding shard only); default past..past+S−1. */
  positions?: number[];
  /** 1 = attend, 0 = padding, over past + new tokens; default all ones. */
  attentionMask?: number[];
}

export interface ShardStepResult {
  /** `logits` [1, S, V] from the shard with the head, else `last_hidden_state` [1, S, D]. */
  kind: "logits" | "hidden";
  output: FloatTensor;
  /** The cache after this step (past + S entries), to pass as `past` next time. */
  present: KvCache;
}

/** Global block indices a shard session computes, read from its `past_key_values.{i}.key` inputs. */
export function shardBlocks(session: InferenceSession): number[] {
  return session.inputNames
    .map((n) => /^past_key_values\.(\d+)\.key$/.exec(n))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((x, y) => x - y);
}

/** A zero-length cache ([1, H, 0, hd] per tensor) for the given blocks: what the first step starts from. */
export function emptyKvCache(config: DecoderConfig, blocks: number[]): KvCache {
  const dims = [1, config.nHead, 0, config.headDim];
  return new Map(blocks.map((i) => [i, { key: { dims, data: new Float32Array(0) }, value: { dims, data: new Float32Array(0) } }]));
}

/** Cached sequence length T of a cache (0 when empty or without blocks). */
export function kvCacheLength(cache: KvCache): number {
  const first = cache.values().next().value;
  return first ? first.key.dims[2] : 0;
}

/**
 * Run one shard for S new tokens of one sequence (batch 1), statelessly: the caller owns the cache.
 * This is what a miner holding one shard does per request.
 * @example const { output, present } = await runShardStep(session, { ids: [5, 9] }, emptyKvCache(config, [0, 1]));
 */
export async function runShardStep(session: InferenceSession, input: ShardStepInput, past: KvCache, options: ShardStepOptions = {}): Promise<ShardStepResult> {
  const blocks = shardBlocks(session);
  const pastLen = kvCacheLength(past);
  const feeds: Record<string, Tensor> = {};
  let seqLen: number;
  if ("ids" in input) {
    if (!session.inputNames.includes(DECODER_IO.inputIds)) throw new Error("runShardStep: this shard has no embeddings; pass { hidden } from the previous shard");
    seqLen = input.ids.length;
    const positions = options.positions ?? input.ids.map((_, i) => pastLen + i);
    if (positions.length !== seqLen) throw new Error(`runShardStep: ${positions.length} positions for ${seqLen} ids`);
    feeds[DECODER_IO.inputIds] = int64Tensor(input.ids, [1, seqLen]);
    feeds[DECODER_IO.positionIds] = int64Tensor(positions, [1, seqLen]);
  } else {
    if (!session.inputNames.includes(DECODER_IO.hiddenIn)) throw new Error("runShardStep: this shard embeds tokens; pass { ids }");
    const { dims, data } = input.hidden;
    if (dims.length !== 3 || dims[0] !== 1) throw new Error(`runShardStep: hidden must be [1, S, D], got [${dims}]`);
    seqLen = dims[1];
    feeds[DECODER_IO.hiddenIn] = new Tensor("float32", data, dims);
  }
  if (seqLen < 1) throw new Error("runShardStep: at least one new token is needed");
  const mask = options.attentionMask ?? new Array(pastLen + seqLen).fill(1);
  if (mask.length !== pastLen + seqLen) throw new Error(`runShardStep: attentionMask has ${mask.length} entries; past ${pastLen} + new ${seqLen} needs ${pastLen + seqLen}`);
  feeds[DECODER_IO.attentionMask] = int64Tensor(mask, [1, mask.length]);
  for (const i of blocks) {
    const kv = past.get(i);
    if (!kv) throw new Error(`runShardStep: past has no entry for block ${i}; the shard computes blocks [${blocks}]`);
    feeds[pastKeyName(i)] = new Tensor("float32", kv.key.data, kv.key.dims);
    feeds[pastValueName(i)] = new Tensor("float32", kv.value.data, kv.value.dims);
  }

  const results = await session.run(feeds);
  const read = (name: string): FloatTensor => ({ dims: [...results[name].dims], data: results[name].data as Float32Array });
  const present: KvCache = new Map(blocks.map((i) => [i, { key: read(presentKeyName(i)), value: read(presentValueName(i)) }]));
  const isHead = session.outputNames.includes(DECODER_IO.logits);
  return { kind: isHead ? "logits" : "hidden", output: read(isHead ? DECODER_IO.logits : DECODER_IO.hiddenOut), present };
}

function int64Tensor(values: number[], dims: number[]): Tensor {
  return new Tensor("int64", BigInt64Array.from(values, (v) => BigInt(v)), dims);
}
