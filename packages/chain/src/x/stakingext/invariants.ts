// x/staking-ext invariants: pure checks run after every block in simulation and from tests.
import type { Context, Invariant } from "../../app/module";
import type { StakingKeeper } from "./keeper";
import { totalUnbonding } from "./keeper";
import { MODULE_NAME } from "./keys";
import { amountOf } from "./coins";

/** The module account holds exactly the sum of bonded and unbonding stake. */
export function moduleAccountInvariant(k: StakingKeeper): Invariant {
  return {
    name: "stakingext/module-account-equals-stake",
    check(ctx: Context) {
      let sum = 0n;
      for (const m of k.allMiners(ctx)) sum += amountOf(m.bonded) + totalUnbonding(m);
      const held = k.bank.balance(ctx, k.bank.moduleAddress(MODULE_NAME));
      return held === sum ? undefined : `module account holds ${held}unes, bonded + unbonding = ${sum}unes`;
    },
  };
}

/** Each miner is listed under exactly its models, and its stored status matches its state. */
export function indexInvariant(k: StakingKeeper): Invariant {
  return {
    name: "stakingext/model-index-and-status",
    check(ctx: Context) {
      // Each model's index read once (not once per miner serving it): this runs after every simulated block.
      const indexOf = new Map<string, Set<string>>();
      const listed = (model: string) => {
        let s = indexOf.get(model);
        if (!s) {
          s = new Set(k.minersOfModel(ctx, model));
          indexOf.set(model, s);
        }
        return s;
      };
      for (const m of k.allMiners(ctx)) {
        if (m.status !== k.statusOf(ctx, m)) return `miner ${m.operator} has stale status ${m.status}`;
        for (const model of m.models) {
          if (!listed(model).has(m.operator)) return `miner ${m.operator} missing from index of ${model}`;
        }
        if (amountOf(m.bonded) < 0n || totalUnbonding(m) < 0n) return `miner ${m.operator} has negative stake`;
        // Every write goes through the clamp, whose bound reputation_max is at most 10^12 ppm.
        if (m.reputation > 1_000_000_000_000n) return `miner ${m.operator} has reputation ${m.reputation} ppm above any allowed maximum`;
      }
      return undefined;
    },
  };
}
