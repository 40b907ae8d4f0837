// Total supply per denom equals the sum of all balances: no coin is created or lost by a transfer.
import type { Context, Invariant } from "../../app/module";
import type { BankKeeperImpl } from "./keeper";

export function totalSupplyInvariant(bank: BankKeeperImpl): Invariant {
  return {
    name: "bank/total-supply",
    check(ctx: Context) {
      const sums = new Map<string, bigint>();
      for (const [, c] of bank.allBalances(ctx)) sums.set(c.denom, (sums.get(c.denom) ?? 0n) + c.amount);
      const problems: string[] = [];
      for (const s of bank.allSupply(ctx)) {
        const sum = sums.get(s.denom) ?? 0n;
        if (sum !== s.amount) problems.push(`${s.denom}: supply ${s.amount} != sum of balances ${sum}`);
        sums.delete(s.denom);
      }
      for (const [denom, sum] of sums) problems.push(`${denom}: balances sum to ${sum} but no supply is recorded`);
      return problems.length ? problems.join("; ") : undefined;
    },
  };
}
