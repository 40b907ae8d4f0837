// The app hash a verdict receipt implies (x/inference README, "Verdict receipts"): leaf → Merkle path → verdict
// root → combineAppHash with the block's state digest. The SDK compares it with a signed header; the chain's tests
// compare it with the app hash the application committed. One definition, so the two can never drift.
import { merkleRootFromAunts } from "../merkle/merkle-tree";
import { type VerdictLeafFields, combineAppHash, verdictLeafHash } from "./verdict-leaf";

export interface VerdictReceiptPath {
  readonly leaf: VerdictLeafFields;
  readonly leafIndex: bigint;
  readonly leafCount: bigint;
  readonly aunts: readonly Uint8Array[];
  readonly stateDigest: Uint8Array;
}

/** The implied app hash, or undefined when the path has an impossible shape or the digest is not 32 bytes. */
export function verdictReceiptAppHash(r: VerdictReceiptPath): Uint8Array | undefined {
  if (r.stateDigest.length !== 32 || r.leafCount < 1n || r.leafCount > 2n ** 32n || r.leafIndex < 0n || r.leafIndex >= r.leafCount) return undefined;
  const root = merkleRootFromAunts(Number(r.leafIndex), Number(r.leafCount), verdictLeafHash(r.leaf), r.aunts);
  return root && combineAppHash(r.stateDigest, root);
}
