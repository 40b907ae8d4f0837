import type { DecoderConfig, DecoderWeights } from "./decoder-weights";
import type { LmEEKey } from "./lm-key";
import { lmKeyPermutations } from "./lm-key";

/**
 * Equivariant Encryption of a decoder, folded into its weights (PROTOCOL §10). Convention as in src/ee: the
 * encrypted tensor's slice j is the plaintext's slice perm[j] along the permuted axis.
 * - vocabulary: wte rows and lm_head columns, so encrypted id j stands for token vocab[j] and the encrypted
 *   logits' argmax is the encrypted id of the plain argmax — shard 0 embeds it as is;
 * - residual stream: one permutation of the d_model features for the whole stream (every skip connection adds
 *   two tensors in the same layout), folded into wte/wpe columns, every LayerNorm's gamma and beta, the rows of
 *   every matrix that reads the stream and the columns (and biases) of every matrix that writes it;
 * - attention: the order of heads, and per head one permutation of the query/key dims (q·k is a sum over them,
 *   so it is unchanged) and one of the value dims (undone by the output projection's rows);
 * - MLP: the hidden units (GELU is elementwise).
 * Everything is a gather, so F_ee costs exactly F's ops; only float32 summation order changes.
 */
export function encryptDecoderWeights(weights: DecoderWeights, config: DecoderConfig, key: LmEEKey): DecoderWeights {
  const p = lmKeyPermutations(key, config);
  const out: DecoderWeights = new Map();
  const get = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`encryptDecoderWeights: the model has no weight "${name}"`);
    return t;
  };
  const put = (name: string, data: Float32Array, shape: number[]) => out.set(name, { shape, data });
  const D = config.nEmbd;
  const hd = D / config.nHead;

  const wte = get("wte");
  put("wte", gather2d(gatherRows(wte.data, wte.shape, p.vocab), wte.shape, null, p.residual), wte.shape);
  const wpe = get("wpe");
  put("wpe", gather2d(wpe.data, wpe.shape, null, p.residual), wpe.shape);

  for (let i = 0; i < config.nLayer; i++) {
    const b = `blocks.${i}.`;
    for (const ln of ["ln1", "ln2"]) {
      put(`${b}${ln}.weight`, gather1d(get(`${b}${ln}.weight`).data, p.residual), [D]);
      put(`${b}${ln}.bias`, gather1d(get(`${b}${ln}.bias`).data, p.residual), [D]);
    }
    // qkv columns: [q | k | v], each laid out head by head.
    const qkvCols = new Int32Array(3 * D);
    for (let h = 0; h < config.nHead; h++) {
      const src = p.heads[h];
      for (let d = 0; d < hd; d++) {
        qkvCols[h * hd + d] = src * hd + p.qk[src][d];
        qkvCols[D + h * hd + d] = D + src * hd + p.qk[src][d];
        qkvCols[2 * D + h * hd + d] = 2 * D + src * hd + p.v[src][d];
      }
    }
    const qkv = get(`${b}attn.qkv.weight`);
    put(`${b}attn.qkv.weight`, gather2d(qkv.data, qkv.shape, p.residual, qkvCols), qkv.shape);
    put(`${b}attn.qkv.bias`, gather1d(get(`${b}attn.qkv.bias`).data, qkvCols), [3 * D]);
    // The attention output arrives in the permuted v layout; the projection's rows read it back.
    const attnRows = qkvCols.subarray(2 * D).map((c) => c - 2 * D);
    const proj = get(`${b}attn.proj.weight`);
    put(`${b}attn.proj.weight`, gather2d(proj.data, proj.shape, attnRows, p.residual), proj.shape);
    put(`${b}attn.proj.bias`, gather1d(get(`${b}attn.proj.bias`).data, p.residual), [D]);
    const fc = get(`${b}mlp.fc.weight`);
    put(`${b}mlp.fc.weight`, gather2d(fc.data, fc.shape, p.residual, p.mlp[i]), fc.shape);
    put(`${b}mlp.fc.bias`, gather1d(get(`${b}mlp.fc.bias`).data, p.mlp[i]), [config.nInner]);
    const fcProj = get(`${b}mlp.proj.weight`);
    put(`${b}mlp.proj.weight`, gather2d(fcProj.data, fcProj.shape, p.mlp[i], p.residual), fcProj.shape);
    put(`${b}mlp.proj.bias`, gather1d(get(`${b}mlp.proj.bias`).data, p.residual), [D]);
  }
  put("ln_f.weight", gather1d(get("ln_f.weight").data, p.residual), [D]);
  put("ln_f.bias", gather1d(get("ln_f.bias").data, p.residual), [D]);
  const head = get("lm_head.weight");
  put("lm_head.weight", gather2d(head.data, head.shape, p.residual, p.vocab), head.shape);
  return out;
}

function gather1d(data: Float32Array, perm: ArrayLike<number>): Float32Array {
  const out = new Float32Array(perm.length);
  for (let j = 0; j < perm.length; j++) out[j] = data[perm[j]];
  return out;
}

function gatherRows(data: Float32Array, shape: number[], rows: ArrayLike<number>): Float32Array {
  return gather2d(data, shape, rows, null);
}

/** out[i][j] = in[rows[i]][cols[j]] for a row-major [r, c] matrix; null keeps that axis in order. */
function gather2d(data: Float32Array, shape: number[], rows: ArrayLike<number> | null, cols: ArrayLike<number> | null): Float32Array {
  const [r, c] = shape;
  if (data.length !== r * c) throw new Error(`gather2d: ${data.length} values for shape [${shape}]`);
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) {
    const src = (rows ? rows[i] : i) * c;
    const dst = i * c;
    if (!cols) out.set(data.subarray(src, src + c), dst);
    else for (let j = 0; j < c; j++) out[dst + j] = data[src + cols[j]];
  }
  return out;
}
