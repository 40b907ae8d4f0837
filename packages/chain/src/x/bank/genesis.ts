// x/bank genesis in the SDK's JSON shape: balances [{address, coins}], supply (computed if empty).
import type { Context } from "../../app/module";
import { checkAddress } from "../auth/keeper";
import type { BankKeeperImpl } from "./keeper";
import { parseCoins, toWire } from "./coins";

export interface BankGenesis {
  params: { send_enabled: unknown[]; default_send_enabled: boolean };
  balances: { address: string; coins: { denom: string; amount: string }[] }[];
  supply: { denom: string; amount: string }[];
  denom_metadata: unknown[];
  send_enabled: unknown[];
}

export function defaultBankGenesis(): BankGenesis {
  return { params: { send_enabled: [], default_send_enabled: true }, balances: [], supply: [], denom_metadata: [], send_enabled: [] };
}

export function validateBankGenesis(g: BankGenesis): void {
  if (!Array.isArray(g.balances)) throw new Error("bank.balances must be an array of {address, coins}");
  const seen = new Set<string>();
  g.balances.forEach((b, i) => {
    checkAddress(b.address, `bank.balances[${i}].address`);
    if (seen.has(b.address)) throw new Error(`bank.balances lists ${b.address} twice; merge its coins`);
    seen.add(b.address);
    parseCoins(b.coins, `bank.balances[${i}].coins`);
  });
  if (g.supply?.length) {
    const sums = sumBalances(g);
    for (const s of parseCoins(g.supply, "bank.supply")) {
      if ((sums.get(s.denom) ?? 0n) !== s.amount) {
        throw new Error(`bank.supply ${s.amount}${s.denom} differs from the sum of balances; leave supply empty to compute it`);
      }
    }
  }
}

function sumBalances(g: BankGenesis): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const b of g.balances) for (const c of parseCoins(b.coins, "coins")) sums.set(c.denom, (sums.get(c.denom) ?? 0n) + c.amount);
  return sums;
}

export function initBankGenesis(ctx: Context, bank: BankKeeperImpl, g: BankGenesis): void {
  for (const b of g.balances) for (const c of parseCoins(b.coins, "coins")) bank.initBalance(ctx, b.address, c);
  for (const [denom, amount] of [...sumBalances(g)].sort(([a], [b]) => (a < b ? -1 : 1))) bank.setSupply(ctx, denom, amount);
}

export function exportBankGenesis(ctx: Context, bank: BankKeeperImpl): BankGenesis {
  const byAddr = new Map<string, { denom: string; amount: bigint }[]>();
  for (const [addr, c] of bank.allBalances(ctx)) byAddr.set(addr, [...(byAddr.get(addr) ?? []), c]);
  return {
    ...defaultBankGenesis(),
    balances: [...byAddr].map(([address, coins]) => ({ address, coins: toWire(coins) })),
    supply: toWire([...bank.allSupply(ctx)]),
  };
}
