// Statistical consensus over one shard position (pure, integer-only). Two reveals agree when
// both are integer outputs with the same digest, or both are float outputs whose quantized sketches
// are within `tolerancePpm` of each other relative to the larger sketch's scale (L∞ norm):
//   max_i |a_i − b_i| × 10^6 ≤ tolerancePpm × max_i max(|a_i|, |b_i|)
// The majority cluster must hold more than half of the position's R seats.

export interface SketchReveal {
  replica: number;
  outputDigest: Uint8Array;
  sketch: bigint[];
  outputIsInteger: boolean;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sketchesWithin(a: bigint[], b: bigint[], tolerancePpm: number): boolean {
  if (a.length !== b.length) return false;
  let scale = 0n;
  let diff = 0n;
  for (let i = 0; i < a.length; i++) {
    const m = abs(a[i]) > abs(b[i]) ? abs(a[i]) : abs(b[i]);
    if (m > scale) scale = m;
    const d = abs(a[i] - b[i]);
    if (d > diff) diff = d;
  }
  return diff * 1_000_000n <= BigInt(tolerancePpm) * scale;
}

export function revealsAgree(a: SketchReveal, b: SketchReveal, tolerancePpm: number): boolean {
  if (a.outputIsInteger || b.outputIsInteger) {
    return a.outputIsInteger && b.outputIsInteger && sameBytes(a.outputDigest, b.outputDigest);
  }
  // Bit-identical outputs agree whatever their sketches say.
  return sameBytes(a.outputDigest, b.outputDigest) || sketchesWithin(a.sketch, b.sketch, tolerancePpm);
}

/**
 * The replicas of the majority cluster, or undefined when no cluster has more than R/2 members.
 * Each reveal in turn (by replica) is a candidate centre; its cluster is every reveal agreeing with
 * it. The largest cluster wins; ties go to the lower replica, so the result is deterministic.
 */
export function majorityCluster(reveals: SketchReveal[], replicas: number, tolerancePpm: number): number[] | undefined {
  const sorted = [...reveals].sort((x, y) => x.replica - y.replica);
  let best: number[] = [];
  for (const centre of sorted) {
    const members = sorted.filter((r) => r === centre || revealsAgree(centre, r, tolerancePpm)).map((r) => r.replica);
    if (members.length > best.length) best = members;
  }
  return best.length * 2 > replicas ? best : undefined;
}
