import { type EEKey, invertPermutation, validateEEKey } from "./key";
import { eeModelSpec, isBuiltInEEModel } from "./models";
import { gatherAxis } from "./onnx-graph";

import type { FloatTensor } from "../onnx/tensors";

/** A dense float32 tensor, the same shape as the runtime helpers' FloatTensor. */
export type EETensor = FloatTensor;

function permuteLast(t: EETensor, perm: Int32Array, what: string): EETensor {
  const dims = [...t.dims];
  if (dims[dims.length - 1] !== perm.length) {
    throw new Error(`EE ${what}: last axis has ${dims[dims.length - 1]} entries, the key permutes ${perm.length}`);
  }
  return { data: gatherAxis(t.data, dims, dims.length - 1, perm), dims };
}

/** Built-in models by any of their names; a model prepared with `prepare --onnx` by its own id. */
const specFor = (modelId: string): { id: string } => (isBuiltInEEModel(modelId) ? eeModelSpec(modelId) : { id: modelId });

/**
 * Client-side encryption of a model input. lande: the 620 n-gram features are permuted. OCR: the image passes
 * unchanged (there is no secret transform of pixels that the first Conv could absorb at equal cost; see
 * docs/security.md — use HSS-EE to keep the image from any single miner).
 */
export function eeEncrypt(modelId: string, key: EEKey, input: EETensor): EETensor {
  const spec = specFor(modelId);
  if (validateEEKey(key).modelId !== spec.id) throw new Error(`EE encrypt: key is for "${key.modelId}", not "${spec.id}"`);
  if (!key.inputPerm) return { data: Float32Array.from(input.data), dims: [...input.dims] };
  return permuteLast(input, Int32Array.from(key.inputPerm), "encrypt");
}

/** Client-side decryption of the final output: undoes the class permutation on the last axis. */
export function eeDecrypt(modelId: string, key: EEKey, output: EETensor): EETensor {
  const spec = specFor(modelId);
  if (validateEEKey(key).modelId !== spec.id) throw new Error(`EE decrypt: key is for "${key.modelId}", not "${spec.id}"`);
  // A one-class key belongs to a map output ([N, 1, H, W]), which EE leaves unpermuted (prepare-onnx eeShape).
  if (key.classPerm.length === 1) return { data: Float32Array.from(output.data), dims: [...output.dims] };
  return permuteLast(output, invertPermutation(key.classPerm), "decrypt");
}
