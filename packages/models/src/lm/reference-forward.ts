import type { DecoderConfig } from "./decoder-config";
import type { DecoderWeights } from "./decoder-weights";

/**
 * A deliberately plain float64 forward pass of the decoder, with no cache and no ONNX: loops over
 * positions, heads and keys, written straight from the maths so it can check the graph builder.
 */

export interface ReferenceOptions {
  /** position_ids; default 0..S−1. */
  positions?: number[];
  /** 1 = attend, 0 = padding key; default all ones. */
  attentionMask?: number[];
}

/**
 * Logits of every position, row-major [S, V], in float64.
 * @example const logits = referenceForward(weights, config, [1, 2, 3]);
 */
export function referenceForward(weights: DecoderWeights, config: DecoderConfig, ids: number[], options: ReferenceOptions = {}): Float64Array {
  const { nEmbd: D, nHead: H, headDim: hd, vocabSize: V, layerNormEpsilon: eps } = config;
  const S = ids.length;
  const positions = options.positions ?? ids.map((_, i) => i);
  const mask = options.attentionMask ?? ids.map(() => 1);
  const w = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`referenceForward: weight "${name}" is missing`);
    return t.data;
  };

  // x[t] = wte[id] + wpe[pos]
  const wte = w("wte");
  const wpe = w("wpe");
  let x: Float64Array[] = ids.map((id, t) => {
    const row = new Float64Array(D);
    for (let d = 0; d < D; d++) row[d] = wte[id * D + d] + wpe[positions[t] * D + d];
    return row;
  });

  for (let i = 0; i < config.nLayer; i++) {
    const p = `blocks.${i}`;
    // Attention on LN1(x): per head, scores over keys j ≤ t that are not padding.
    const qkv = x.map((row) => linear(layerNorm(row, w(`${p}.ln1.weight`), w(`${p}.ln1.bias`), eps), w(`${p}.attn.qkv.weight`), w(`${p}.attn.qkv.bias`), 3 * D));
    const merged = x.map(() => new Float64Array(D));
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < S; t++) {
        const scores = new Float64Array(S);
        for (let j = 0; j < S; j++) {
          let dot = 0;
          for (let c = 0; c < hd; c++) dot += qkv[t][h * hd + c] * qkv[j][D + h * hd + c];
          scores[j] = dot / Math.sqrt(hd) + (j <= t && mask[j] === 1 ? 0 : -1e9);
        }
        const probs = softmax(scores);
        for (let j = 0; j < S; j++) {
          for (let c = 0; c < hd; c++) merged[t][h * hd + c] += probs[j] * qkv[j][2 * D + h * hd + c];
        }
      }
    }
    x = x.map((row, t) => add(row, linear(merged[t], w(`${p}.attn.proj.weight`), w(`${p}.attn.proj.bias`), D)));
    // MLP on LN2(x) with exact GELU.
    x = x.map((row) => {
      const hidden = linear(layerNorm(row, w(`${p}.ln2.weight`), w(`${p}.ln2.bias`), eps), w(`${p}.mlp.fc.weight`), w(`${p}.mlp.fc.bias`), config.nInner);
      for (let k = 0; k < hidden.length; k++) hidden[k] = 0.5 * hidden[k] * (1 + erf(hidden[k] / Math.SQRT2));
      return add(row, linear(hidden, w(`${p}.mlp.proj.weight`), w(`${p}.mlp.proj.bias`), D));
    });
  }

  const logits = new Float64Array(S * V);
  for (let t = 0; t < S; t++) logits.set(linear(layerNorm(x[t], w("ln_f.weight"), w("ln_f.bias"), eps), w("lm_head.weight"), undefined, V), t * V);
  return logits;
}

/** y = x @ W (+ b) with W stored [in, out]. */
function linear(x: Float64Array, W: Float32Array, b: Float32Array | undefined, out: number): Float64Array {
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) y[o] = b ? b[o] : 0;
  for (let k = 0; k < x.length; k++) {
    for (let o = 0; o < out; o++) y[o] += x[k] * W[k * out + o];
  }
  return y;
}

/** (x − mean) / sqrt(var + eps) · g + b, with the biased variance (as PyTorch's LayerNorm). */
function layerNorm(x: Float64Array, g: Float32Array, b: Float32Array, eps: number): Float64Array {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  const inv = 1 / Math.sqrt(variance + eps);
  return x.map((v, d) => (v - mean) * inv * g[d] + b[d]);
}

function softmax(x: Float64Array): Float64Array {
  const max = Math.max(...x);
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, d) => v + b[d]);
}

/**
 * erf to float64 precision (JavaScript has no Math.erf): the Maclaurin series for |x| < 3, and the
 * continued fraction of erfc beyond, where the series would lose digits to cancellation.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated bottom-up.
  let frac = ax;
  for (let n = 60; n >= 1; n--) frac = ax + n / 2 / frac;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / frac;
  return Math.sign(x) * (1 - erfc);
}
