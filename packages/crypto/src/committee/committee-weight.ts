// The committee draw weight of a miner: bonded stake scaled by its reputation (PROTOCOL.md §8). One function,
// used by the chain when it snapshots the candidates and by the client when it re-derives the committee.

/** 1.0 in the reputation's fixed point (parts per million). */
export const REPUTATION_ONE = 1_000_000n;

/**
 * weight = ⌊stake × reputation / 10^6⌋ (bigint, rounded down). A weight of 0 makes the miner ineligible
 * (drawCommittee drops it).
 *
 * @example
 * committeeWeight(2_000_000n, 800_000n) // 1_600_000n: 2 NES at reputation 0.8
 */
export function committeeWeight(stake: bigint, reputationPpm: bigint): bigint {
  if (typeof stake !== "bigint" || stake < 0n) throw new RangeError(`stake: expected a non-negative bigint, got ${String(stake)}`);
  if (typeof reputationPpm !== "bigint" || reputationPpm < 0n) {
    throw new RangeError(`reputationPpm: expected a non-negative bigint, got ${String(reputationPpm)}`);
  }
  return (stake * reputationPpm) / REPUTATION_ONE;
}
