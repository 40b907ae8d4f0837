// Adds funded accounts to an initialised home's genesis.json before its first start, as
// `add-genesis-account` does in Cosmos SDK chains. Much faster than deriving mnemonics for
// hundreds of benchmark accounts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { type KeyPair, keyFromSecret } from "./cosmos-tx";

interface GenesisJson {
  app_state: {
    auth: { accounts: { address: string; account_number: string }[] };
    bank: { balances: { address: string; coins: { denom: string; amount: string }[] }[]; supply: unknown[] };
  };
}

/** Deterministic benchmark keys: secret_i = sha256("<seed>/<i>"). */
export function benchKeys(seed: string, count: number): KeyPair[] {
  return Array.from({ length: count }, (_, i) => keyFromSecret(sha256(new TextEncoder().encode(`${seed}/${i}`))));
}

/** Returns each added address's account number. */
export function addGenesisAccounts(home: string, keys: KeyPair[], coins: { denom: string; amount: string }): Map<string, bigint> {
  const file = join(home, "config", "genesis.json");
  const genesis = JSON.parse(readFileSync(file, "utf8")) as GenesisJson;
  const { auth, bank } = genesis.app_state;
  if (bank.supply.length) throw new Error(`${file} has an explicit bank.supply: leave it empty so it is computed`);
  let next = auth.accounts.reduce((max, a) => (BigInt(a.account_number) >= max ? BigInt(a.account_number) + 1n : max), 0n);
  const numbers = new Map<string, bigint>();
  for (const key of keys) {
    auth.accounts.push({
      "@type": "/cosmos.auth.v1beta1.BaseAccount",
      address: key.address,
      pub_key: null,
      account_number: next.toString(),
      sequence: "0",
    } as never);
    bank.balances.push({ address: key.address, coins: [coins] });
    numbers.set(key.address, next);
    next++;
  }
  writeFileSync(file, `${JSON.stringify(genesis, null, 2)}\n`);
  return numbers;
}
