// Default params and their validation (also used for genesis and MsgUpdateParams).
import type { Params } from "./proto";
import { BOND_DENOM, coin } from "./coins";
import { ErrInvalidParams } from "./errors";

export function defaultParams(): Params {
  return {
    minStake: coin(1_000_000n), // 1 NES
    unbondingBlocks: 100n,
    slashFractionWrong: 100_000, // 10 %
    slashFractionMissed: 10_000, // 1 %
    maxMissed: 5,
    missedWindow: 100n,
    jailBlocks: 50n,
    maxModels: 16,
    maxUnbondingEntries: 7,
    // Reputation (ppm): Nesa's public rule R' = R · 0.8^M · 1.01^(1−M), clamped to [0.1, 2.0], start 1.0.
    reputationInitial: 1_000_000n,
    reputationMin: 100_000n,
    reputationMax: 2_000_000n,
    reputationPenalty: 800_000,
    reputationReward: 1_010_000,
  };
}

const PPM = 1_000_000;

/** Throws ErrInvalidParams naming the first bad field. */
export function validateParams(p: Params | undefined): asserts p is Params {
  if (!p) throw ErrInvalidParams.wrap("params are required");
  const bad = (field: string, why: string) => ErrInvalidParams.wrap(`${field} ${why}`);
  if (!p.minStake || p.minStake.denom !== BOND_DENOM || !/^\d+$/.test(p.minStake.amount)) {
    throw bad("min_stake", `must be a non-negative amount of ${BOND_DENOM}`);
  }
  if (p.unbondingBlocks < 1n) throw bad("unbonding_blocks", "must be at least 1");
  for (const [field, v] of [
    ["slash_fraction_wrong", p.slashFractionWrong],
    ["slash_fraction_missed", p.slashFractionMissed],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > PPM) throw bad(field, `must be an integer ppm in [0, ${PPM}]`);
  }
  if (p.maxMissed < 1) throw bad("max_missed", "must be at least 1");
  if (p.missedWindow < 1n) throw bad("missed_window", "must be at least 1 block");
  if (p.maxModels < 1) throw bad("max_models", "must be at least 1");
  if (p.maxUnbondingEntries < 1) throw bad("max_unbonding_entries", "must be at least 1");
  validateReputationParams(p, bad);
}

const MAX_REPUTATION = 1_000_000_000_000n; // 10^6 × 1.0: keeps stake × reputation far inside safe bigint sizes

function validateReputationParams(p: Params, bad: (field: string, why: string) => Error): void {
  if (p.reputationMin < 1n) throw bad("reputation_min", "must be at least 1 ppm (a zero reputation would make a bonded miner undrawable forever)");
  if (p.reputationMax < p.reputationMin || p.reputationMax > MAX_REPUTATION) {
    throw bad("reputation_max", `must be in [reputation_min, ${MAX_REPUTATION}] ppm`);
  }
  if (p.reputationInitial < p.reputationMin || p.reputationInitial > p.reputationMax) {
    throw bad("reputation_initial", "must be in [reputation_min, reputation_max]");
  }
  if (!Number.isInteger(p.reputationPenalty) || p.reputationPenalty < 0 || p.reputationPenalty > PPM) {
    throw bad("reputation_penalty", `must be an integer ppm in [0, ${PPM}]`);
  }
  if (!Number.isInteger(p.reputationReward) || p.reputationReward < PPM || p.reputationReward > 2 * PPM) {
    throw bad("reputation_reward", `must be an integer ppm in [${PPM}, ${2 * PPM}]`);
  }
}
