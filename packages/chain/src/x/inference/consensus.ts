// Statistical consensus over one shard position (pure, integer-only). Sketches are @nesa/crypto's
// format ([k, blockSize, k projections per block]) and compared with its `sketchesAgree`:
//   float outputs: agree within `tolerancePpm` (relative, per block) — or have identical digests;
//   integer outputs: digests equal and sketches equal, i.e. an exact match.
// Clustering follows @nesa/crypto's clusterSketches (replicas in order, each joins the first cluster
// whose anchor it agrees with), but the majority is counted over the position's R seats, so a
// missing reveal counts against it.
import { sketchesAgree } from "@nesa/crypto";

export interface SketchReveal {
  replica: number;
  outputDigest: Uint8Array;
  sketch: readonly bigint[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function revealsAgree(a: SketchReveal, b: SketchReveal, tolerancePpm: number, exact: boolean): boolean {
  const digests = sameBytes(a.outputDigest, b.outputDigest);
  if (exact) return digests && sketchesAgree(a.sketch, b.sketch, 0n, true);
  return digests || sketchesAgree(a.sketch, b.sketch, BigInt(tolerancePpm), false);
}

/** Replicas of the cluster holding more than half of the R seats, or undefined when none does. */
export function majorityCluster(reveals: SketchReveal[], replicas: number, tolerancePpm: number, exact: boolean): number[] | undefined {
  const sorted = [...reveals].sort((x, y) => x.replica - y.replica);
  const clusters: { anchor: SketchReveal; members: number[] }[] = [];
  for (const r of sorted) {
    const home = clusters.find((c) => revealsAgree(c.anchor, r, tolerancePpm, exact));
    if (home) home.members.push(r.replica);
    else clusters.push({ anchor: r, members: [r.replica] });
  }
  return clusters.find((c) => c.members.length * 2 > replicas)?.members;
}

export interface TokenReveal {
  replica: number;
  /** Digest of the seat's generated token-id sequence. */
  outputDigest: Uint8Array;
  outputTokens: number;
}

/**
 * The final shard of a generator query: token ids must match exactly, so two reveals agree iff their
 * token-sequence digests are equal and they report the same output_tokens (sketches are not
 * compared). Same majority rule as majorityCluster: more than half of the R seats.
 */
export function tokenMajorityCluster(reveals: TokenReveal[], replicas: number): number[] | undefined {
  const sorted = [...reveals].sort((x, y) => x.replica - y.replica);
  const clusters: { anchor: TokenReveal; members: number[] }[] = [];
  for (const r of sorted) {
    const home = clusters.find((c) => c.anchor.outputTokens === r.outputTokens && sameBytes(c.anchor.outputDigest, r.outputDigest));
    if (home) home.members.push(r.replica);
    else clusters.push({ anchor: r, members: [r.replica] });
  }
  return clusters.find((c) => c.members.length * 2 > replicas)?.members;
}
