// Slashing and jailing (called by x/inference's verdict). A slash burns the same ppm fraction of
// the bonded stake and of every unbonding entry, so leaving cannot dodge a penalty earned before.
import type { Context } from "../../app/module";
import { amountOf, coin, mulPpm } from "./coins";
import { emitMinerJailed, emitMinerSlashed } from "./events";
import type { StakingKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { type Miner, SlashReason } from "./proto";
import { applyReputation } from "./reputation";

/** Burns `fractionPpm` of the miner's bonded and unbonding stake; returns what was burned. */
export function slashMiner(
  k: StakingKeeper,
  ctx: Context,
  miner: Miner,
  fractionPpm: number,
  reason: SlashReason,
  queryId: bigint,
): bigint {
  const bondedCut = mulPpm(amountOf(miner.bonded), fractionPpm);
  let burned = bondedCut;
  miner.bonded = coin(amountOf(miner.bonded) - bondedCut);
  for (const entry of miner.unbonding) {
    const cut = mulPpm(amountOf(entry.balance), fractionPpm);
    entry.balance = coin(amountOf(entry.balance) - cut);
    burned += cut;
  }
  if (burned > 0n) k.bank.burnFromModule(ctx, MODULE_NAME, burned);
  emitMinerSlashed(ctx, { operator: miner.operator, reason, queryId, fraction: fractionPpm, amount: coin(burned) });
  return burned;
}

export function jailMiner(k: StakingKeeper, ctx: Context, miner: Miner, reason: SlashReason): void {
  const jailedUntil = ctx.height + k.params(ctx).jailBlocks;
  // A second jailing while jailed extends the sentence; it never shortens it.
  miner.jailedUntil = miner.jailed && miner.jailedUntil > jailedUntil ? miner.jailedUntil : jailedUntil;
  miner.jailed = true;
  emitMinerJailed(ctx, { operator: miner.operator, reason, jailedUntil: miner.jailedUntil });
}

/** A reveal outside the agreeing majority: burn slash_fraction_wrong and jail. */
export function punishWrongResult(k: StakingKeeper, ctx: Context, operator: string, queryId: bigint): bigint {
  const miner = k.getMiner(ctx, operator);
  if (!miner) return 0n;
  const burned = slashMiner(k, ctx, miner, k.params(ctx).slashFractionWrong, SlashReason.SLASH_REASON_WRONG_RESULT, queryId);
  miner.totalWrong += 1n;
  applyReputation(ctx, k.params(ctx), miner, true, queryId);
  jailMiner(k, ctx, miner, SlashReason.SLASH_REASON_WRONG_RESULT);
  k.setMiner(ctx, miner);
  return burned;
}

/**
 * A missed commit or reveal: burn slash_fraction_missed and count the miss in the current window;
 * max_missed misses within missed_window blocks jail the miner.
 */
export function punishMissed(
  k: StakingKeeper,
  ctx: Context,
  operator: string,
  reason: SlashReason.SLASH_REASON_MISSED_COMMIT | SlashReason.SLASH_REASON_MISSED_REVEAL,
  queryId: bigint,
): bigint {
  const miner = k.getMiner(ctx, operator);
  if (!miner) return 0n;
  const params = k.params(ctx);
  const burned = slashMiner(k, ctx, miner, params.slashFractionMissed, reason, queryId);
  if (ctx.height >= miner.missedWindowStart + params.missedWindow) {
    miner.missedWindowStart = ctx.height;
    miner.missedInWindow = 0;
  }
  miner.missedInWindow += 1;
  miner.totalMissed += 1n;
  applyReputation(ctx, params, miner, true, queryId);
  if (miner.missedInWindow >= params.maxMissed && !miner.jailed) jailMiner(k, ctx, miner, reason);
  k.setMiner(ctx, miner);
  return burned;
}
