// Single-denom coin helpers: the protocol modules price, stake and escrow only in the bond denom,
// and keep amounts as bigint in code (Coin.amount is a decimal string on the wire).
import type { Coin } from "./proto";
import type { RegisteredError } from "../../errors/chain-error";

export const BOND_DENOM = "unes";

export function coin(amount: bigint, denom = BOND_DENOM): Coin {
  return { denom, amount: amount.toString() };
}

export function amountOf(c: Coin | undefined): bigint {
  if (!c || c.amount === "") return 0n;
  return BigInt(c.amount);
}

/**
 * Parses a msg's Coin field: it must be present, in the bond denom and a non-negative integer
 * (positive unless `allowZero`). Throws `err` naming the field.
 */
export function parseCoin(c: Coin | undefined, field: string, err: RegisteredError, allowZero = false): bigint {
  if (!c) throw err.wrap(`${field} is required: give an amount in ${BOND_DENOM}`);
  if (c.denom !== BOND_DENOM) throw err.wrap(`${field} denom is "${c.denom}": use ${BOND_DENOM}`);
  if (!/^\d{1,40}$/.test(c.amount)) throw err.wrap(`${field} amount "${c.amount}" is not a non-negative integer`);
  const n = BigInt(c.amount);
  if (n === 0n && !allowZero) throw err.wrap(`${field} must be positive`);
  return n;
}

/** floor(amount × ppm / 1e6) */
export function mulPpm(amount: bigint, ppm: number | bigint): bigint {
  return (amount * BigInt(ppm)) / 1_000_000n;
}
