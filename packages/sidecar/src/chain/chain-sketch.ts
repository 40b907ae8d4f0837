import { SKETCH_HEADER_LENGTH, type Tensor, computeSketch } from "@nesa/crypto";

/**
 * The sketch as x/inference takes it today: exactly `k` projections of the whole output (the chain checks
 * `sketch.length === params.sketch_k` and compares flat vectors). @nesa/crypto's blocked layout
 * ([k, blockSize, k per block…]) reduces to that with one block and its 2-value header dropped.
 */
export function chainSketch(output: Tensor, seed: Uint8Array, k: number): bigint[] {
  return computeSketch(output, seed, k, { maxBlocks: 1 }).slice(SKETCH_HEADER_LENGTH);
}

export function isIntegerTensor(t: Tensor): boolean {
  return t.dtype === "int32" || t.dtype === "int64" || t.dtype === "uint8";
}
