// Output sketches for statistical consensus. Replicas on different hardware do not agree bit for bit, so each
// reveals a sketch: k projections of its output onto ±1 vectors drawn from a seed fixed only after the commit
// deadline (a miner must hold the real output to answer). Projections are taken per block of the flattened
// tensor and compared per block (sketch-compare.ts), so a change confined to one block is measured against
// that block rather than diluted by the whole tensor (see README for the numbers behind the defaults).
import { assertBytesMin, assertPositiveInt } from "../util/assert";
import { HashStream } from "../util/hash-stream";
import { type Tensor, assertTensor } from "./tensor-types";

export const SKETCH_STREAM_TAG = "nesa/sketch/v1";
/** Float projections are quantized as round(value × 2^32): 2.3e-10 resolution, far below float32 round-off. */
export const SKETCH_SCALE_BITS = 32;
export const DEFAULT_SKETCH_K = 4;
/** Up to 64 blocks: 8× the whole-tensor sensitivity (√64) for a sketch of 64·k + 2 integers. */
export const DEFAULT_SKETCH_MAX_BLOCKS = 64;
/** A block never holds fewer elements than this, so a sketch never spells out a small output value by value. */
export const MIN_SKETCH_BLOCK_SIZE = 64;
/** Integer sums stay exact in float64 while blockSize × 2^31 < 2^53. */
export const MAX_SKETCH_BLOCK_SIZE = 1 << 21;
export const SKETCH_HEADER_LENGTH = 2;

export type SketchOptions = { maxBlocks?: number };

const SCALE = 2 ** SKETCH_SCALE_BITS;

/** Elements per block for n elements: ⌈n / B⌉ with B = min(maxBlocks, ⌈n / 64⌉), at least 1. */
export function sketchBlockSize(n: number, maxBlocks = DEFAULT_SKETCH_MAX_BLOCKS): number {
  const blocks = Math.max(1, Math.min(maxBlocks, Math.ceil(n / MIN_SKETCH_BLOCK_SIZE)));
  return Math.max(1, Math.ceil(n / blocks));
}

/**
 * Layout: [k, blockSize, then for each block b = 0.., ⌈n/blockSize⌉-1: its k projections]. Projection j of
 * block b is Σ s(i, j)·x[i] over the block's elements (flattened, row-major), with s(i, j) = −1 when bit
 * i·k + j of the stream sha256(len‖"nesa/sketch/v1" ‖ seed ‖ u64be(counter)) is 1 (bits LSB first in each
 * byte), else +1. Float sums run in float64 in index order, then round(sum × 2^32); integer tensors are summed
 * exactly.
 */
export function computeSketch(t: Tensor, seed: Uint8Array, k: number, options: SketchOptions = {}): bigint[] {
  assertTensor("t", t);
  assertBytesMin("seed", seed, 16);
  assertPositiveInt("k", k, 257);
  const maxBlocks = options.maxBlocks ?? DEFAULT_SKETCH_MAX_BLOCKS;
  assertPositiveInt("options.maxBlocks", maxBlocks, 1 << 16);
  const n = t.data.length;
  const blockSize = sketchBlockSize(n, maxBlocks);
  if (blockSize > MAX_SKETCH_BLOCK_SIZE) {
    throw new RangeError(`t: ${n} elements need blocks of ${blockSize} > ${MAX_SKETCH_BLOCK_SIZE}; raise maxBlocks`);
  }
  const signs = new SignReader(new HashStream(SKETCH_STREAM_TAG, seed));
  const out: bigint[] = [BigInt(k), BigInt(blockSize)];
  for (let start = 0; start < n; start += blockSize) {
    const end = Math.min(n, start + blockSize);
    if (t.dtype === "int64") out.push(...projectBigInt(t.data, start, end, k, signs));
    else out.push(...projectNumber(t.data, start, end, k, signs, t.dtype !== "float32" && t.dtype !== "float64"));
  }
  return out;
}

function projectNumber(
  data: ArrayLike<number>,
  start: number,
  end: number,
  k: number,
  signs: SignReader,
  integer: boolean,
): bigint[] {
  const acc = new Float64Array(k);
  for (let i = start; i < end; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) throw new RangeError(`t.data[${i}]: expected a finite value, got ${x}`);
    for (let j = 0; j < k; j++) acc[j] += signs.next() ? -x : x;
  }
  return Array.from(acc, (v) => BigInt(integer ? v : Math.round(v * SCALE)));
}

function projectBigInt(data: BigInt64Array, start: number, end: number, k: number, signs: SignReader): bigint[] {
  const acc = new Array<bigint>(k).fill(0n);
  for (let i = start; i < end; i++) {
    const x = data[i];
    for (let j = 0; j < k; j++) acc[j] += signs.next() ? -x : x;
  }
  return acc;
}

class SignReader {
  private block: Uint8Array = new Uint8Array(0);
  private bit = 0;
  constructor(private readonly stream: HashStream) {}
  next(): number {
    if (this.bit === this.block.length * 8) {
      this.block = this.stream.nextBlock();
      this.bit = 0;
    }
    const b = (this.block[this.bit >> 3] >> (this.bit & 7)) & 1;
    this.bit++;
    return b;
  }
}
