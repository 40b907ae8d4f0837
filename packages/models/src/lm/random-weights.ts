import type { DecoderConfig } from "./decoder-config";
import { type DecoderWeights, decoderWeightShapes } from "./decoder-weights";

/** mulberry32: tiny, seedable, and the same sequence on every platform (tests need reproducible weights). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random decoder weights for tests: uniform in [-scale, scale], except LayerNorm gains around 1 so
 * activations keep their size through the blocks. A large enough scale keeps logits well apart, so
 * greedy decoding is not decided by float rounding.
 * @example const weights = randomDecoderWeights(config, 7);
 */
export function randomDecoderWeights(config: DecoderConfig, seed: number, scale = 0.5): DecoderWeights {
  const rand = seededRandom(seed);
  const out: DecoderWeights = new Map();
  for (const [name, shape] of decoderWeightShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const isGain = /(ln1|ln2|ln_f)\.weight$/.test(name);
    for (let i = 0; i < data.length; i++) data[i] = (isGain ? 1 : 0) + (2 * rand() - 1) * (isGain ? 0.2 : scale);
    out.set(name, { shape, data });
  }
  return out;
}
