// Output sketches for statistical consensus. Replicas on different hardware do not agree bit for bit, so each
// reveals a sketch: k projections of its output onto ±1 vectors drawn from a seed fixed only after the commit
// deadline (a miner must hold the real output to answer). Projections are taken per block of the flattened
// tensor and compared per block (sketch-compare.ts), so a change confined to one block is measured against
// that block rather than diluted by the whole tensor (see README for the numbers behind the defaults).
import { assertBytesMin, assertPositiveInt } from "../util/assert";
import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, lengthPrefixedUtf8 } from "../util/bytes";
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
 * i·k + j of the sign stream (see SignReader) is 1, else +1. Float sums run in float64 in index order, then round(sum × 2^32); integer tensors are summed
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
  const signs = new SignReader(seed);
  const out: bigint[] = [BigInt(k), BigInt(blockSize)];
  for (let start = 0; start < n; start += blockSize) {
    const end = Math.min(n, start + blockSize);
    if (t.dtype === "int64") out.push(...projectBigInt(t.data, start, end, k, signs));
    else out.push(...projectNumber(t.data, start, end, k, signs, t.dtype !== "float32" && t.dtype !== "float64"));
  }
  return out;
}

// The hot loops keep the sign stream's block and bit position in locals: one call per 32,768 signs, not per sign.
function projectNumber(
  data: ArrayLike<number>,
  start: number,
  end: number,
  k: number,
  signs: SignReader,
  integer: boolean,
): bigint[] {
  const acc = new Float64Array(k);
  let { block, bit } = signs;
  for (let i = start; i < end; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) throw new RangeError(`t.data[${i}]: expected a finite value, got ${x}`);
    for (let j = 0; j < k; j++) {
      if (bit === SIGN_CHUNK_BITS) {
        block = signs.refill();
        bit = 0;
      }
      acc[j] += (block[bit >> 3] >> (bit & 7)) & 1 ? -x : x;
      bit++;
    }
  }
  signs.save(block, bit);
  return Array.from(acc, (v) => BigInt(integer ? v : Math.round(v * SCALE)));
}

function projectBigInt(data: BigInt64Array, start: number, end: number, k: number, signs: SignReader): bigint[] {
  const acc = new Array<bigint>(k).fill(0n);
  let { block, bit } = signs;
  for (let i = start; i < end; i++) {
    const x = data[i];
    for (let j = 0; j < k; j++) {
      if (bit === SIGN_CHUNK_BITS) {
        block = signs.refill();
        bit = 0;
      }
      acc[j] += (block[bit >> 3] >> (bit & 7)) & 1 ? -x : x;
      bit++;
    }
  }
  signs.save(block, bit);
  return acc;
}

const SIGN_CHUNK_BYTES = 4096;
const SIGN_CHUNK_BITS = SIGN_CHUNK_BYTES * 8;
const ZEROS = new Uint8Array(SIGN_CHUNK_BYTES);
const NONCE = new Uint8Array(12);

/**
 * Sign bits: the ChaCha20 (RFC 8439) keystream under key sha256(len‖"nesa/sketch/v1" ‖ seed), nonce 0, block
 * counter from 0, read LSB first within each byte. A seed-keyed PRF like a sha256 counter stream, but ~100×
 * faster in JS, which matters at n·k bits per output (4 M for [1,40,6625] with k = 16).
 */
class SignReader {
  private readonly key: Uint8Array;
  private chunk = 0;
  private readonly out = new Uint8Array(SIGN_CHUNK_BYTES);
  block: Uint8Array = this.out;
  bit = SIGN_CHUNK_BITS;
  constructor(seed: Uint8Array) {
    this.key = sha256(concatBytes(lengthPrefixedUtf8(SKETCH_STREAM_TAG), seed));
  }
  /** The next 4096 keystream bytes (64 ChaCha20 blocks); overwrites the previous chunk. */
  refill(): Uint8Array {
    chacha20(this.key, NONCE, ZEROS, this.out, this.chunk * (SIGN_CHUNK_BYTES / 64));
    this.chunk++;
    return this.out;
  }
  save(block: Uint8Array, bit: number): void {
    this.block = block;
    this.bit = bit;
  }
}
