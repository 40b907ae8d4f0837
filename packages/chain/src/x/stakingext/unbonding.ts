// Unbonding: MsgUnbond moves stake from bonded into an entry that matures after unbonding_blocks;
// EndBlock pays matured entries out of the module account. Entries stay slashable until then.
import type { Context } from "../../app/module";
import { amountOf, coin } from "./coins";
import { emitUnbondCompleted } from "./events";
import { decodeStringList, encodeStringList, type StakingKeeper } from "./keeper";
import { MODULE_NAME, unbondingQueueKey } from "./keys";
import type { Miner } from "./proto";

/** Moves `amount` from bonded to a new unbonding entry; returns the completion height. */
export function startUnbonding(k: StakingKeeper, ctx: Context, miner: Miner, amount: bigint): bigint {
  const completion = ctx.height + k.params(ctx).unbondingBlocks;
  miner.bonded = coin(amountOf(miner.bonded) - amount);
  miner.unbonding.push({
    creationHeight: ctx.height,
    completionHeight: completion,
    initialBalance: coin(amount),
    balance: coin(amount),
  });
  const store = ctx.kvStore(MODULE_NAME);
  const key = unbondingQueueKey(completion);
  const bytes = store.get(key);
  const queued = bytes ? decodeStringList(bytes) : [];
  if (!queued.includes(miner.operator)) {
    queued.push(miner.operator);
    store.set(key, encodeStringList(queued));
  }
  return completion;
}

/** Pays every entry maturing at this height (EndBlock). */
export function completeUnbondings(k: StakingKeeper, ctx: Context): void {
  const store = ctx.kvStore(MODULE_NAME);
  const key = unbondingQueueKey(ctx.height);
  const bytes = store.get(key);
  if (!bytes) return;
  store.delete(key);
  for (const operator of decodeStringList(bytes)) {
    const miner = k.getMiner(ctx, operator);
    if (!miner) continue;
    const matured = miner.unbonding.filter((e) => e.completionHeight <= ctx.height);
    if (matured.length === 0) continue;
    miner.unbonding = miner.unbonding.filter((e) => e.completionHeight > ctx.height);
    const paid = matured.reduce((sum, e) => sum + amountOf(e.balance), 0n);
    if (paid > 0n) k.bank.sendModuleToAccount(ctx, MODULE_NAME, operator, paid);
    k.setMiner(ctx, miner);
    emitUnbondCompleted(ctx, { operator, amount: coin(paid) });
  }
}
