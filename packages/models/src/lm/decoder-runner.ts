import type { InferenceSession } from "onnxruntime-node";
import { type SessionOptions, createSession } from "../runtime/session";
import type { DecoderConfig } from "./decoder-config";
import { DECODER_IO } from "./decoder-graph";
import { type KvCache, emptyKvCache, runShardStep, shardBlocks } from "./shard-step";

/** A shard given as an open session, a file path or .onnx bytes. */
export type ShardSource = InferenceSession | string | Uint8Array;

/**
 * Runs a chain of decoder shards for one sequence (batch 1), keeping each shard's KV cache, so each
 * new token costs one position through every shard instead of a full recomputation.
 * @example
 * const lm = await DecoderPipeline.open(["lm.shard0.onnx", "lm.shard1.onnx"], config);
 * const next = argmax(await lm.prefill([config.bosTokenId, 17, 4]));
 */
export class DecoderPipeline {
  readonly config: DecoderConfig;
  private readonly sessions: InferenceSession[];
  private readonly blocks: number[][];
  private caches: KvCache[];
  private cached = 0;

  /** Open the shards (in chain order) and check they form the whole model. */
  static async open(shards: ShardSource[], config: DecoderConfig, options?: SessionOptions): Promise<DecoderPipeline> {
    const sessions = await Promise.all(shards.map((s) => (typeof s === "string" || s instanceof Uint8Array ? createSession(s, options) : s)));
    return new DecoderPipeline(sessions, config);
  }

  constructor(sessions: InferenceSession[], config: DecoderConfig) {
    if (sessions.length === 0) throw new Error("DecoderPipeline: no shards");
    this.config = config;
    this.sessions = sessions;
    this.blocks = sessions.map(shardBlocks);
    let next = 0;
    sessions.forEach((s, k) => {
      const wantIn = k === 0 ? DECODER_IO.inputIds : DECODER_IO.hiddenIn;
      const wantOut = k === sessions.length - 1 ? DECODER_IO.logits : DECODER_IO.hiddenOut;
      if (!s.inputNames.includes(wantIn)) throw new Error(`DecoderPipeline: shard ${k} should read "${wantIn}" but reads [${s.inputNames}]`);
      if (!s.outputNames.includes(wantOut)) throw new Error(`DecoderPipeline: shard ${k} should write "${wantOut}" but writes [${s.outputNames}]`);
      for (const b of this.blocks[k]) {
        if (b !== next) throw new Error(`DecoderPipeline: shard ${k} computes block ${b} but block ${next} comes next; shards must be in order and contiguous`);
        next++;
      }
    });
    if (next !== config.nLayer) throw new Error(`DecoderPipeline: the shards cover blocks 0..${next - 1} but the config has ${config.nLayer}`);
    this.caches = this.emptyCaches();
  }

  /** Tokens currently in the cache. */
  get length(): number {
    return this.cached;
  }

  /** Forget the sequence. */
  reset(): void {
    this.caches = this.emptyCaches();
    this.cached = 0;
  }

  /** Start a new sequence (the cache is reset first) and return the logits [V] after its last token. */
  async prefill(ids: number[]): Promise<Float32Array> {
    if (ids.length === 0) throw new Error("DecoderPipeline.prefill: the prompt is empty");
    this.check(ids, 0);
    this.reset();
    return this.feed(ids);
  }

  /** Append one token and return the logits [V] that predict the one after it. */
  async step(id: number): Promise<Float32Array> {
    if (this.cached === 0) throw new Error("DecoderPipeline.step: nothing cached; call prefill first");
    return this.feed([id]);
  }

  private async feed(ids: number[]): Promise<Float32Array> {
    this.check(ids, this.cached);
    const V = this.config.vocabSize;
    let result = await runShardStep(this.sessions[0], { ids }, this.caches[0]);
    this.caches[0] = result.present;
    for (let k = 1; k < this.sessions.length; k++) {
      result = await runShardStep(this.sessions[k], { hidden: result.output }, this.caches[k]);
      this.caches[k] = result.present;
    }
    this.cached += ids.length;
    return result.output.data.slice((ids.length - 1) * V, ids.length * V);
  }

  // Checked before any state changes, so a refused call leaves the sequence as it was.
  private check(ids: number[], cached: number): void {
    const { nPositions: C, vocabSize: V } = this.config;
    if (cached + ids.length > C) throw new Error(`DecoderPipeline: ${cached} cached + ${ids.length} new tokens exceed the context length ${C}`);
    for (const id of ids) if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`DecoderPipeline: token id ${id} is outside [0, ${V})`);
  }

  private emptyCaches(): KvCache[] {
    return this.blocks.map((b) => emptyKvCache(this.config, b));
  }
}

/** Index of the largest value; the first one on ties (as torch.argmax). */
export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Greedy decoding: returns only the new tokens. It stops after `maxNewTokens`, when prompt + output
 * reach the context length, or right after emitting `eosId` — the eos token is included as the last
 * element so the caller can tell why it stopped. Without `eosId` it never stops early.
 * @example const out = await greedyGenerate(lm, [config.bosTokenId], 20, config.eosTokenId);
 */
export async function greedyGenerate(pipeline: DecoderPipeline, promptIds: number[], maxNewTokens: number, eosId?: number): Promise<number[]> {
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error(`greedyGenerate: maxNewTokens must be a non-negative integer, got ${maxNewTokens}`);
  const room = pipeline.config.nPositions - promptIds.length;
  if (room < 0) throw new Error(`greedyGenerate: the prompt has ${promptIds.length} tokens, more than the context length ${pipeline.config.nPositions}`);
  const limit = Math.min(maxNewTokens, room);
  const out: number[] = [];
  if (limit <= 0) return out;
  let logits = await pipeline.prefill(promptIds);
  for (;;) {
    const token = argmax(logits);
    out.push(token);
    // The last token is never fed back: nothing would read its logits.
    if (token === eosId || out.length >= limit) return out;
    logits = await pipeline.step(token);
  }
}
