import { readFileSync } from "node:fs";

/** The `model_type` our trainer writes; anything else is some other architecture we cannot build. */
export const DECODER_MODEL_TYPE = "nesa-tiny-lm";

/**
 * Hyper-parameters of the GPT-style decoder (camelCase view of the trainer's HF-like `config.json`).
 * `headDim` is derived (nEmbd / nHead) so graph builders and runners never recompute it differently.
 */
export interface DecoderConfig {
  modelType: typeof DECODER_MODEL_TYPE;
  /** L: transformer blocks. */
  nLayer: number;
  /** H: attention heads per block. */
  nHead: number;
  /** D: model width. */
  nEmbd: number;
  /** F: MLP hidden width. */
  nInner: number;
  /** V: vocabulary size. */
  vocabSize: number;
  /** C: context length (rows of the position table). */
  nPositions: number;
  layerNormEpsilon: number;
  eosTokenId: number;
  bosTokenId: number;
  /** hd = D / H. */
  headDim: number;
}

/**
 * Validate a parsed `config.json` object. Unknown extra keys are ignored (HF configs carry many).
 * @example const config = parseDecoderConfig(JSON.parse(text));
 */
export function parseDecoderConfig(json: unknown, where = "config"): DecoderConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error(`${where}: expected a JSON object`);
  const raw = json as Record<string, unknown>;
  if (raw.model_type !== DECODER_MODEL_TYPE) {
    throw new Error(`${where}: model_type is ${JSON.stringify(raw.model_type)}; only "${DECODER_MODEL_TYPE}" can be built`);
  }
  const int = (key: string, min: number): number => {
    const value = raw[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new Error(`${where}: ${key} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const config = {
    modelType: DECODER_MODEL_TYPE as typeof DECODER_MODEL_TYPE,
    nLayer: int("n_layer", 1),
    nHead: int("n_head", 1),
    nEmbd: int("n_embd", 1),
    nInner: int("n_inner", 1),
    vocabSize: int("vocab_size", 1),
    nPositions: int("n_positions", 1),
    layerNormEpsilon: raw.layer_norm_epsilon,
    eosTokenId: int("eos_token_id", 0),
    bosTokenId: int("bos_token_id", 0),
    headDim: 0,
  };
  const eps = config.layerNormEpsilon;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new Error(`${where}: layer_norm_epsilon must be a positive number, got ${JSON.stringify(eps)}`);
  }
  if (config.nEmbd % config.nHead !== 0) throw new Error(`${where}: n_embd ${config.nEmbd} is not a multiple of n_head ${config.nHead}`);
  for (const key of ["eosTokenId", "bosTokenId"] as const) {
    if (config[key] >= config.vocabSize) throw new Error(`${where}: ${key === "eosTokenId" ? "eos" : "bos"}_token_id ${config[key]} ≥ vocab_size ${config.vocabSize}`);
  }
  return { ...config, layerNormEpsilon: eps, headDim: config.nEmbd / config.nHead };
}

/**
 * Read and validate the trainer's `config.json`.
 * @example const config = readDecoderConfig("runs/tiny/config.json");
 */
export function readDecoderConfig(path: string): DecoderConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`readDecoderConfig: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`readDecoderConfig: ${path} is not JSON (${(err as Error).message})`, { cause: err });
  }
  return parseDecoderConfig(json, `readDecoderConfig: ${path}`);
}

/** The HF-like JSON form (inverse of parseDecoderConfig); also what buildDecoderGraph stores in metadata. */
export function decoderConfigToJson(config: DecoderConfig): Record<string, string | number> {
  return {
    model_type: config.modelType,
    n_layer: config.nLayer,
    n_head: config.nHead,
    n_embd: config.nEmbd,
    n_inner: config.nInner,
    vocab_size: config.vocabSize,
    n_positions: config.nPositions,
    layer_norm_epsilon: config.layerNormEpsilon,
    eos_token_id: config.eosTokenId,
    bos_token_id: config.bosTokenId,
  };
}
