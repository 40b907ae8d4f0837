// The client re-derives a query's committee from public data and compares it with what the chain reports.
import { describe as describeValue } from "../util/assert";
import { type CommitteeSeat, type DrawCommitteeParams, drawCommittee } from "./draw-committee";

export type SeatMismatch = {
  shard: number;
  replica: number;
  /** Undefined when the claimed seat does not exist in the re-derived committee. */
  expected: string | undefined;
  /** Undefined when the claimed list has no entry for this seat. */
  claimed: string | undefined;
};

export type VerifyCommitteeResult = { valid: boolean; mismatches: SeatMismatch[] };

const key = (shard: number, replica: number) => `${shard}/${replica}`;

/** Compares seat by seat (claimed order does not matter); a duplicated claimed seat counts as a mismatch. */
export function verifyCommittee(
  params: DrawCommitteeParams,
  claimedSeats: readonly CommitteeSeat[],
): VerifyCommitteeResult {
  if (!Array.isArray(claimedSeats)) {
    throw new TypeError(`claimedSeats: expected an array, got ${describeValue(claimedSeats)}`);
  }
  const expected = drawCommittee(params);
  const claimed = new Map<string, CommitteeSeat>();
  const mismatches: SeatMismatch[] = [];
  for (const seat of claimedSeats) {
    const k = key(seat.shard, seat.replica);
    if (claimed.has(k)) {
      mismatches.push({ shard: seat.shard, replica: seat.replica, expected: undefined, claimed: seat.miner });
      continue;
    }
    claimed.set(k, seat);
  }
  const expectedKeys = new Set<string>();
  for (const seat of expected) {
    const k = key(seat.shard, seat.replica);
    expectedKeys.add(k);
    const c = claimed.get(k);
    if (c === undefined || c.miner !== seat.miner) {
      mismatches.push({ shard: seat.shard, replica: seat.replica, expected: seat.miner, claimed: c?.miner });
    }
  }
  for (const [k, seat] of claimed) {
    if (!expectedKeys.has(k)) {
      mismatches.push({ shard: seat.shard, replica: seat.replica, expected: undefined, claimed: seat.miner });
    }
  }
  return { valid: mismatches.length === 0, mismatches };
}
