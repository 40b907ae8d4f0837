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
}
