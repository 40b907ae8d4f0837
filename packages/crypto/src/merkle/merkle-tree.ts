// RFC 6962 Merkle tree exactly as CometBFT's crypto/merkle (HashFromByteSlices, Proof): leaf = sha256(0x00 ‖ leaf),
// inner = sha256(0x01 ‖ left ‖ right), empty tree = sha256(""), and the split point of n > 1 items is the largest
// power of two below n. The 0x00 / 0x01 prefixes keep a leaf from ever passing for an inner node (second-preimage).
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "../util/bytes";

const LEAF_PREFIX = Uint8Array.of(0x00);
const INNER_PREFIX = Uint8Array.of(0x01);
/** CometBFT refuses proofs with more aunts than this (a tree of 2^100 leaves). */
export const MAX_MERKLE_AUNTS = 100;

export const merkleEmptyHash = (): Uint8Array => sha256(new Uint8Array(0));
export const merkleLeafHash = (leaf: Uint8Array): Uint8Array => sha256(concatBytes(LEAF_PREFIX, leaf));
export const merkleInnerHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concatBytes(INNER_PREFIX, left, right));

/** Largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** CometBFT merkle.HashFromByteSlices(items). */
export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  return merkleRootOfLeafHashes(items.map(merkleLeafHash));
}

/** The root over leaves given by their leaf hashes (what a store keeps). */
export function merkleRootOfLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return merkleEmptyHash();
  if (leafHashes.length === 1) return leafHashes[0];
  const k = splitPoint(leafHashes.length);
  return merkleInnerHash(merkleRootOfLeafHashes(leafHashes.slice(0, k)), merkleRootOfLeafHashes(leafHashes.slice(k)));
}

/** The aunts (sibling hashes, bottom-up) of leaf `index` (CometBFT merkle.Proof.Aunts). */
export function merkleAunts(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`merkle proof index ${index} is outside 0..${leafHashes.length - 1}`);
  }
  if (leafHashes.length === 1) return [];
  const k = splitPoint(leafHashes.length);
  if (index < k) return [...merkleAunts(leafHashes.slice(0, k), index), merkleRootOfLeafHashes(leafHashes.slice(k))];
  return [...merkleAunts(leafHashes.slice(k), index - k), merkleRootOfLeafHashes(leafHashes.slice(0, k))];
}

/**
 * CometBFT computeHashFromAunts: the root implied by a leaf hash at `index` of `total` with these aunts, or
 * undefined when the shape is impossible (index out of range, too many or too few aunts).
 */
export function merkleRootFromAunts(index: number, total: number, leafHash: Uint8Array, aunts: readonly Uint8Array[]): Uint8Array | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(total) || index < 0 || total < 1 || index >= total) return undefined;
  if (aunts.length > MAX_MERKLE_AUNTS || aunts.some((a) => a.length !== 32) || leafHash.length !== 32) return undefined;
  return fromAunts(index, total, leafHash, aunts);
}

function fromAunts(index: number, total: number, leafHash: Uint8Array, aunts: readonly Uint8Array[]): Uint8Array | undefined {
  if (total === 1) return aunts.length === 0 ? leafHash : undefined;
  if (aunts.length === 0) return undefined;
  const k = splitPoint(total);
  const last = aunts[aunts.length - 1];
  const rest = aunts.slice(0, -1);
  if (index < k) {
    const left = fromAunts(index, k, leafHash, rest);
    return left && merkleInnerHash(left, last);
  }
  const right = fromAunts(index - k, total - k, leafHash, rest);
  return right && merkleInnerHash(last, right);
}
