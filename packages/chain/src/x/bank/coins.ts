// Coins as {denom, amount: bigint}; the wire form (cosmjs Coin) has a decimal string amount.
import type { Coin as WireCoin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { ErrInvalidCoins } from "../../errors/sdk-errors";
import { DENOM_REGEX } from "./keys";

export interface Coin {
  denom: string;
  amount: bigint;
}

export function formatCoins(coins: Coin[]): string {
  return coins.map((c) => `${c.amount}${c.denom}`).join(",");
}

/** Parses wire coins; each must have a valid denom and a positive integer amount, no denom twice. */
export function parseCoins(coins: WireCoin[], field: string): Coin[] {
  const seen = new Set<string>();
  return coins.map((c, i) => {
    if (!DENOM_REGEX.test(c.denom)) throw ErrInvalidCoins.wrap(`${field}[${i}].denom "${c.denom}" is not a valid denom`);
    if (!/^\d+$/.test(c.amount) || BigInt(c.amount) <= 0n) {
      throw ErrInvalidCoins.wrap(`${field}[${i}].amount "${c.amount}" must be a positive integer`);
    }
    if (seen.has(c.denom)) throw ErrInvalidCoins.wrap(`${field} lists denom ${c.denom} twice`);
    seen.add(c.denom);
    return { denom: c.denom, amount: BigInt(c.amount) };
  });
}

export function toWire(coins: Coin[]): WireCoin[] {
  return coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
}
