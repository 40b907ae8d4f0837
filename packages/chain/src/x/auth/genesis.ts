// x/auth genesis in the SDK's JSON shape (accounts as BaseAccount JSON with "@type").
import type { Context } from "../../app/module";
import { checkAddress, type AuthKeeper } from "./keeper";
import { BASE_ACCOUNT_TYPE_URL } from "./keys";
import { type AuthParams, defaultAuthParams, validateAuthParams } from "./params";

export interface GenesisAccount {
  "@type": string;
  address: string;
  pub_key: null;
  account_number: string;
  sequence: string;
}

export interface AuthGenesis {
  params: AuthParams;
  accounts: GenesisAccount[];
}

export function defaultAuthGenesis(): AuthGenesis {
  return { params: defaultAuthParams(), accounts: [] };
}

export function validateAuthGenesis(g: AuthGenesis): void {
  if (!g.params) throw new Error("auth.params is missing");
  validateAuthParams(g.params);
  if (!Array.isArray(g.accounts)) throw new Error("auth.accounts must be an array");
  const numbers = new Set<string>();
  g.accounts.forEach((a, i) => {
    if (a["@type"] !== BASE_ACCOUNT_TYPE_URL) throw new Error(`auth.accounts[${i}]["@type"] must be ${BASE_ACCOUNT_TYPE_URL}`);
    checkAddress(a.address, `auth.accounts[${i}].address`);
    if (!/^\d+$/.test(a.account_number)) throw new Error(`auth.accounts[${i}].account_number must be an integer string`);
    if (numbers.has(a.account_number)) throw new Error(`auth.accounts[${i}].account_number ${a.account_number} is used twice`);
    numbers.add(a.account_number);
  });
}

export function initAuthGenesis(ctx: Context, auth: AuthKeeper, g: AuthGenesis): void {
  auth.setParams(ctx, g.params);
  // Listed accounts get the next numbers in order; the genesis account_number is informative.
  for (const a of g.accounts) {
    const acc = auth.ensureAccount(ctx, a.address);
    auth.setAccount(ctx, { ...acc, sequence: BigInt(a.sequence || "0") });
  }
}

export function exportAuthGenesis(ctx: Context, auth: AuthKeeper): AuthGenesis {
  return {
    params: auth.getParams(ctx),
    accounts: [...auth.allAccounts(ctx)].map((a) => ({
      "@type": BASE_ACCOUNT_TYPE_URL,
      address: a.address,
      pub_key: null,
      account_number: a.accountNumber.toString(),
      sequence: a.sequence.toString(),
    })),
  };
}
