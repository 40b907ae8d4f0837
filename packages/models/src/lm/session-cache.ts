import type { InferenceSession } from "onnxruntime-node";
import type { KvCache } from "./shard-step";

/** [heads, head_dim] of each `past_key_values.{i}.key` input of a shard, by global block index. */
export function kvShapesOf(session: InferenceSession): Map<number, [number, number]> {
  const shapes = new Map<number, [number, number]>();
  for (const meta of session.inputMetadata) {
    const m = /^past_key_values\.(\d+)\.key$/.exec(meta.name);
    if (!m) continue;
    const shape = meta.isTensor ? meta.shape : [];
    const [heads, headDim] = [shape[1], shape[3]];
    if (typeof heads !== "number" || typeof headDim !== "number") throw new Error(`${meta.name} declares no fixed [heads, head_dim]; cannot size its cache`);
    shapes.set(Number(m[1]), [heads, headDim]);
  }
  return shapes;
}

/**
 * The empty cache a shard starts a sequence from, sized from the shard's own declared inputs — so a miner needs
 * nothing but the shard file (no config.json) to run it.
 */
export function emptyKvCacheFor(session: InferenceSession): KvCache {
  const cache: KvCache = new Map();
  for (const [block, [heads, headDim]] of kvShapesOf(session)) {
    const dims = [1, heads, 0, headDim];
    cache.set(block, { key: { dims, data: new Float32Array(0) }, value: { dims, data: new Float32Array(0) } });
  }
  return cache;
}

/** Bytes of a full cache (keys and values of every block) at `positions` cached tokens. */
export function kvCacheBytes(session: InferenceSession, positions: number): number {
  let bytes = 0;
  for (const [heads, headDim] of kvShapesOf(session).values()) bytes += 2 * heads * headDim * positions * 4;
  return bytes;
}
