// Miner reputation (PROTOCOL.md §8, Nesa's public rule), fixed point in ppm, updated at each verdict:
//   R' = clamp(R · Pen^M · Rew^(1−M), r_min, r_max),  M = 1 on a wrong or missed seat, 0 on an agreeing one,
// i.e. R' = ⌊R × reputation_penalty / 10^6⌋ or ⌊R × reputation_reward / 10^6⌋, then clamped. Excused and
// no-majority seats leave it unchanged. The committee draw weights eligible miners by @nesa/crypto
// committeeWeight(bonded, reputation).
import type { Context } from "../../app/module";
import { emitReputationUpdated } from "./events";
import type { Miner, Params } from "./proto";

const PPM = 1_000_000n;

const clamp = (r: bigint, p: Params) => (r < p.reputationMin ? p.reputationMin : r > p.reputationMax ? p.reputationMax : r);

/**
 * The miner's reputation under the current params: the stored value clamped to [r_min, r_max] (so a
 * governance change of the bounds applies at once); 0 (a record written before reputation existed) reads
 * as `reputation_initial`.
 */
export function reputationOf(m: Miner, p: Params): bigint {
  return clamp(m.reputation === 0n ? p.reputationInitial : m.reputation, p);
}

/** Pure: the next reputation after one seat (`wrong` = M), rounded down, then clamped. */
export function nextReputation(r: bigint, p: Params, wrong: boolean): bigint {
  const factor = BigInt(wrong ? p.reputationPenalty : p.reputationReward);
  return clamp((r * factor) / PPM, p);
}

/** Applies one seat's outcome to `miner` (not stored: the caller writes the miner) and emits the change. */
export function applyReputation(ctx: Context, p: Params, miner: Miner, wrong: boolean, queryId: bigint): void {
  const previous = reputationOf(miner, p);
  miner.reputation = nextReputation(previous, p, wrong);
  if (miner.reputation !== previous) {
    emitReputationUpdated(ctx, { operator: miner.operator, queryId, previous, reputation: miner.reputation });
  }
}
