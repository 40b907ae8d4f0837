import { type Tensor, computeSketch } from "@nesa/crypto";

/**
 * The sketch x/inference checks (validateSketch, header k = params.sketch_k): @nesa/crypto's blocked layout
 * [k, blockSize, k projections per block…] over the output, seeded by the beacon at sketch_seed_height.
 */
export function chainSketch(output: Tensor, seed: Uint8Array, k: number): bigint[] {
  return computeSketch(output, seed, k);
}

export function isIntegerTensor(t: Tensor): boolean {
  return t.dtype === "int32" || t.dtype === "int64" || t.dtype === "uint8";
}
