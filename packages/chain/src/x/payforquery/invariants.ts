// x/payforquery invariants.
import type { Context, Invariant } from "../../app/module";
import { amountOf } from "../stakingext/coins";
import type { PayForQueryKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";

/** The escrow module account holds exactly the sum of open escrows. */
export function escrowAccountInvariant(k: PayForQueryKeeper): Invariant {
  return {
    name: "payforquery/escrow-account-equals-open-escrows",
    check(ctx: Context) {
      let sum = 0n;
      for (const e of k.openEscrows(ctx)) {
        if (amountOf(e.amount) !== amountOf(e.fee?.total)) return `open escrow ${e.queryId} holds ${e.amount?.amount}, fee ${e.fee?.total?.amount}`;
        sum += amountOf(e.amount);
      }
      const held = k.bank.balance(ctx, k.bank.moduleAddress(MODULE_NAME));
      return held === sum ? undefined : `escrow account holds ${held}unes, open escrows sum to ${sum}unes`;
    },
  };
}
