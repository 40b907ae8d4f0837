import { createHash, randomBytes } from "node:crypto";
import { derivePermutation, invertPermutation } from "../ee/key";
import type { DecoderConfig } from "./decoder-weights";

/**
 * The EE key of a decoder model: one 32-byte secret from which every permutation is derived (vocabulary, residual
 * stream, heads, per-head dims, MLP units). The client holds it; the model owner used it to fold the permutations
 * into the shards. `specialIds` are the tokenizer's special tokens under the key (encrypted ids): only the key's
 * holders know which permuted id ends a text.
 */
export interface LmEEKey {
  version: 1;
  scheme: "nesa-ee-lm-v1";
  modelId: string;
  vocabSize: number;
  nEmbd: number;
  nHead: number;
  nInner: number;
  nLayer: number;
  secret: string;
  specialIds: Record<string, number>;
}

export interface LmPermutations {
  vocab: Int32Array;
  vocabInverse: Int32Array;
  residual: Int32Array;
  heads: Int32Array;
  qk: Int32Array[];
  v: Int32Array[];
  mlp: Int32Array[];
}

const SCHEME = "nesa-ee-lm-v1";

export function generateLmEEKey(
  modelId: string,
  config: DecoderConfig,
  specialPlainIds: Record<string, number>,
  options: { seed?: string | Uint8Array } = {},
): LmEEKey {
  const secret =
    options.seed === undefined ? randomBytes(32) : createHash("sha256").update(`${SCHEME}/seed`).update(options.seed).digest();
  const key: LmEEKey = {
    version: 1,
    scheme: SCHEME,
    modelId,
    vocabSize: config.vocabSize,
    nEmbd: config.nEmbd,
    nHead: config.nHead,
    nInner: config.nInner,
    nLayer: config.nLayer,
    secret: Buffer.from(secret).toString("hex"),
    specialIds: {},
  };
  const inv = invertPermutation(vocabPermutation(key));
  for (const [name, id] of Object.entries(specialPlainIds)) key.specialIds[name] = inv[id];
  return key;
}

function vocabPermutation(key: LmEEKey): Int32Array {
  return derivePermutation(Buffer.from(key.secret, "hex"), "lm/vocab", key.vocabSize);
}

/** Every permutation of the key, checked against the model's shape. */
export function lmKeyPermutations(key: LmEEKey, config: DecoderConfig): LmPermutations {
  validateLmEEKey(key);
  const shape = { vocabSize: config.vocabSize, nEmbd: config.nEmbd, nHead: config.nHead, nInner: config.nInner, nLayer: config.nLayer };
  for (const [field, value] of Object.entries(shape)) {
    if (key[field as keyof typeof shape] !== value) throw new Error(`EE key for ${key.modelId}: ${field} is ${key[field as keyof typeof shape]}, the model has ${value}`);
  }
  const secret = Buffer.from(key.secret, "hex");
  const hd = config.nEmbd / config.nHead;
  const vocab = vocabPermutation(key);
  return {
    vocab,
    vocabInverse: invertPermutation(vocab),
    residual: derivePermutation(secret, "lm/residual", config.nEmbd),
    heads: derivePermutation(secret, "lm/heads", config.nHead),
    qk: Array.from({ length: config.nHead }, (_, h) => derivePermutation(secret, `lm/qk/${h}`, hd)),
    v: Array.from({ length: config.nHead }, (_, h) => derivePermutation(secret, `lm/v/${h}`, hd)),
    mlp: Array.from({ length: config.nLayer }, (_, i) => derivePermutation(secret, `lm/mlp/${i}`, config.nInner)),
  };
}

/** Client side: plain token ids → the ids the encrypted model reads, and back. */
export class LmCipher {
  private readonly perm: Int32Array;
  private readonly inverse: Int32Array;
  constructor(readonly key: LmEEKey) {
    validateLmEEKey(key);
    this.perm = vocabPermutation(key);
    this.inverse = invertPermutation(this.perm);
  }
  encryptIds(ids: readonly number[]): number[] {
    return ids.map((id) => this.at(this.inverse, id));
  }
  decryptIds(ids: readonly number[]): number[] {
    return ids.map((id) => this.at(this.perm, id));
  }
  /** The encrypted id of a special token (e.g. `<|endoftext|>`), known only to the key's holders. */
  specialId(name: string): number {
    const id = this.key.specialIds[name];
    if (id === undefined) throw new Error(`EE key for ${this.key.modelId}: no special token "${name}"`);
    return id;
  }
  private at(table: Int32Array, id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= table.length) throw new Error(`token id ${id} is outside the vocabulary (0..${table.length - 1})`);
    return table[id];
  }
}

export function isLmEEKey(key: unknown): key is LmEEKey {
  return typeof key === "object" && key !== null && (key as { scheme?: unknown }).scheme === SCHEME;
}

/** Checks a key read from JSON; throws naming the bad field. */
export function validateLmEEKey(key: LmEEKey): LmEEKey {
  if (key.version !== 1 || key.scheme !== SCHEME) throw new Error(`EE key: expected version 1 of ${SCHEME}`);
  for (const field of ["vocabSize", "nEmbd", "nHead", "nInner", "nLayer"] as const) {
    if (!Number.isInteger(key[field]) || key[field] < 1) throw new Error(`EE key: ${field} must be a positive integer`);
  }
  if (key.nEmbd % key.nHead !== 0) throw new Error("EE key: nEmbd must be a multiple of nHead");
  if (!/^[0-9a-f]{64}$/.test(key.secret)) throw new Error("EE key: secret must be 64 lowercase hex digits");
  for (const [name, id] of Object.entries(key.specialIds ?? {})) {
    if (!Number.isInteger(id) || id < 0 || id >= key.vocabSize) throw new Error(`EE key: special id of ${name} is outside the vocabulary`);
  }
  return key;
}

/** sha256 of the canonical encoding (fixed field order): what the chain stores in `ee.key_commitment`. */
export function lmKeyCommitment(key: LmEEKey): Uint8Array {
  const k = validateLmEEKey(key);
  const special = Object.fromEntries(Object.entries(k.specialIds).sort(([a], [b]) => (a < b ? -1 : 1)));
  const canonical = JSON.stringify([k.version, k.scheme, k.modelId, k.vocabSize, k.nEmbd, k.nHead, k.nInner, k.nLayer, k.secret, special]);
  return new Uint8Array(createHash("sha256").update(canonical).digest());
}
