import { createHash, randomBytes } from "node:crypto";
import { type EEModelSpec, eeModelSpec, eeSpecOfKey, isBuiltInEEModel } from "./models";

/**
 * A client's EE key. Permutation convention everywhere: the encrypted tensor's slice j is the plaintext's slice
 * perm[j] along the permuted axis.
 */
export interface EEKey {
  version: 1;
  modelId: string;
  /** Output class permutation (length = classes). */
  classPerm: number[];
  /** Input feature permutation, for models with a dense feature input (lande). */
  inputPerm?: number[];
  /** 32-byte hex secret from which every shard-boundary channel permutation is derived (see boundaryPermutation). */
  boundarySeed: string;
}

export interface GenerateEEKeyOptions {
  /** Deterministic key for tests and reproducible deployments; omit to draw from the OS CSPRNG. */
  seed?: string | Uint8Array;
  /**
   * For a model that is not built in (`prepare --onnx`): its output class count and, when its input is a dense
   * feature vector read by a linear layer, the feature count. Ignored for ocr-rec and lande.
   */
  spec?: Omit<EEModelSpec, "id">;
}

const DOMAIN = "nesa-ee-v1";

/** Counter-mode SHA-256 stream: deterministic, uniform bytes from a secret and a label. */
function byteStream(secret: Uint8Array, label: string): () => number {
  let counter = 0;
  let block = new Uint8Array(0);
  let pos = 0;
  return () => {
    if (pos + 4 > block.length) {
      block = createHash("sha256").update(DOMAIN).update(secret).update(label).update(String(counter++)).digest();
      pos = 0;
    }
    const v = ((block[pos] << 24) | (block[pos + 1] << 16) | (block[pos + 2] << 8) | block[pos + 3]) >>> 0;
    pos += 4;
    return v;
  };
}

/** Uniform random permutation of 0..n-1 (Fisher–Yates with rejection sampling, so no modulo bias). */
export function derivePermutation(secret: Uint8Array, label: string, n: number): Int32Array {
  const next = byteStream(secret, label);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const range = i + 1;
    const limit = Math.floor(0x100000000 / range) * range;
    let r = next();
    while (r >= limit) r = next();
    const j = r % range;
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

export function invertPermutation(perm: ArrayLike<number>): Int32Array {
  const inv = new Int32Array(perm.length);
  for (let j = 0; j < perm.length; j++) inv[perm[j]] = j;
  return inv;
}

export function generateEEKey(modelId: string, options: GenerateEEKeyOptions = {}): EEKey {
  const spec = isBuiltInEEModel(modelId) || !options.spec ? eeModelSpec(modelId) : genericSpec(modelId, options.spec);
  const master =
    options.seed === undefined
      ? randomBytes(32)
      : createHash("sha256").update(`${DOMAIN}/seed`).update(options.seed).digest();
  const key: EEKey = {
    version: 1,
    modelId: spec.id,
    classPerm: Array.from(derivePermutation(master, "classes", spec.classes)),
    boundarySeed: createHash("sha256").update(DOMAIN).update(master).update("boundary").digest("hex"),
  };
  if (spec.inputFeatures) key.inputPerm = Array.from(derivePermutation(master, "input", spec.inputFeatures));
  return key;
}

function genericSpec(modelId: string, spec: Omit<EEModelSpec, "id">): EEModelSpec {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(modelId)) throw new Error(`EE key: model id "${modelId}" must be lower-case letters, digits and dashes`);
  if (!Number.isInteger(spec.classes) || spec.classes < 1) throw new Error(`EE key: spec.classes must be a positive integer, got ${spec.classes}`);
  if (spec.inputFeatures !== undefined && (!Number.isInteger(spec.inputFeatures) || spec.inputFeatures < 1)) {
    throw new Error(`EE key: spec.inputFeatures must be a positive integer, got ${spec.inputFeatures}`);
  }
  return { id: modelId, ...spec };
}

/** The secret channel permutation for one boundary variable, named by the tensor that opened it. */
export function boundaryPermutation(key: EEKey, label: string, n: number): Int32Array {
  return derivePermutation(Buffer.from(key.boundarySeed, "hex"), `boundary/${label}`, n);
}

function isPermutation(p: unknown, n: number): boolean {
  if (!Array.isArray(p) || p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of p) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

/** Checks a key read from JSON; throws naming the bad field. */
export function validateEEKey(key: EEKey): EEKey {
  if (typeof key?.modelId !== "string") throw new Error("EE key: modelId must be a string");
  const spec = eeSpecOfKey(key);
  if (spec.classes < 1) throw new Error("EE key: classPerm must be a non-empty permutation");
  if (key.version !== 1) throw new Error(`EE key: unsupported version ${key.version}`);
  if (!isPermutation(key.classPerm, spec.classes)) throw new Error(`EE key: classPerm is not a permutation of ${spec.classes}`);
  if (spec.inputFeatures && !isPermutation(key.inputPerm, spec.inputFeatures)) {
    throw new Error(`EE key: inputPerm is not a permutation of ${spec.inputFeatures}`);
  }
  if (!/^[0-9a-f]{64}$/.test(key.boundarySeed)) throw new Error("EE key: boundarySeed must be 64 lowercase hex digits");
  return key;
}

/** Canonical encoding: fixed field order, no whitespace; the same key always gives the same bytes. */
export function canonicalEEKey(key: EEKey): Uint8Array {
  const k = validateEEKey(key);
  const ordered = { version: k.version, modelId: k.modelId, classPerm: k.classPerm, inputPerm: k.inputPerm ?? null, boundarySeed: k.boundarySeed };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

/** sha256 of the canonical encoding: what the chain stores in `ee.key_commitment`. */
export function eeKeyCommitment(key: EEKey): Uint8Array {
  return new Uint8Array(createHash("sha256").update(canonicalEEKey(key)).digest());
}
