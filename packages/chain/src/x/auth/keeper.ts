// Accounts: number, sequence and pubkey per address, created when an address first gets funds.
import type { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Context } from "../../app/module";
import { CollMap, Item, Sequence } from "../../store/collections";
import { addressKey, jsonValue } from "../../store/codecs";
import { accountValue } from "./account-codec";
import { ErrInvalidAddress, ErrUnknownAddress } from "../../errors/sdk-errors";
import { ACCOUNT_NUMBER_KEY, ACCOUNT_PREFIX, AUTH_MODULE, BECH32_PREFIX, PARAMS_KEY, PUBKEY_TYPE_URL } from "./keys";
import { type AuthParams, type GasPrice, parseGasPrice } from "./params";

export interface Account {
  address: string;
  pubKey?: Uint8Array;
  accountNumber: bigint;
  sequence: bigint;
}

const moduleAddresses = new Map<string, string>();

/** Module account address: sha256(name)[:20], as cosmos-sdk's authtypes.NewModuleAddress. */
export function moduleAddress(name: string): string {
  let a = moduleAddresses.get(name);
  if (!a) {
    a = toBech32(BECH32_PREFIX, sha256(new TextEncoder().encode(name)).subarray(0, 20));
    moduleAddresses.set(name, a);
  }
  return a;
}

/** Throws sdk/7 naming `field` when `address` is not a nesa1… bech32 address of 20 bytes. */
export function checkAddress(address: string, field: string): void {
  let ok = false;
  try {
    const { prefix, data } = fromBech32(address, 90);
    ok = prefix === BECH32_PREFIX && data.length === 20;
  } catch {
    ok = false;
  }
  if (!ok) throw ErrInvalidAddress.wrap(`invalid ${field} "${address}": expected a bech32 address with prefix ${BECH32_PREFIX}`);
}

const PARAMS_RAW_KEY = Uint8Array.of(PARAMS_KEY);

export class AuthKeeper {
  private readonly accounts = new CollMap(ACCOUNT_PREFIX, addressKey(BECH32_PREFIX), accountValue);
  private readonly nextNumber = new Sequence(ACCOUNT_NUMBER_KEY);
  private readonly params = new Item(PARAMS_KEY, jsonValue<AuthParams>());
  private priceCache: [string, GasPrice] | undefined;
  private paramsCache: [Uint8Array, AuthParams] | undefined;

  getAccount(ctx: Context, address: string): Account | undefined {
    const a = this.accounts.get(ctx.kvStore(AUTH_MODULE), address);
    return a ? { address, ...a } : undefined;
  }

  mustGetAccount(ctx: Context, address: string): Account {
    const a = this.getAccount(ctx, address);
    if (!a) throw ErrUnknownAddress.wrap(`account ${address} does not exist; it must receive funds before it can sign`);
    return a;
  }

  setAccount(ctx: Context, acc: Account): void {
    this.accounts.set(ctx.kvStore(AUTH_MODULE), acc.address, acc);
  }

  hasAccount(ctx: Context, address: string): boolean {
    return this.accounts.has(ctx.kvStore(AUTH_MODULE), address);
  }

  /** Creates the account with the next account number when it does not exist yet. */
  ensureExists(ctx: Context, address: string): void {
    if (!this.hasAccount(ctx, address)) this.ensureAccount(ctx, address);
  }

  /** Returns the account, creating it with the next account number when it does not exist. */
  ensureAccount(ctx: Context, address: string): Account {
    const existing = this.getAccount(ctx, address);
    if (existing) return existing;
    const acc: Account = { address, accountNumber: this.nextNumber.next(ctx.kvStore(AUTH_MODULE)), sequence: 0n };
    this.setAccount(ctx, acc);
    return acc;
  }

  *allAccounts(ctx: Context): Iterable<Account> {
    for (const [address] of this.accounts.entries(ctx.kvStore(AUTH_MODULE))) {
      const a = this.getAccount(ctx, address);
      if (a) yield a;
    }
  }

  /** The account as the SDK's BaseAccount proto (what the Account query returns). */
  baseAccount(ctx: Context, address: string): BaseAccount | undefined {
    const a = this.getAccount(ctx, address);
    if (!a) return undefined;
    return {
      address,
      pubKey: a.pubKey ? { typeUrl: PUBKEY_TYPE_URL, value: PubKey.encode({ key: a.pubKey }).finish() } : undefined,
      accountNumber: a.accountNumber,
      sequence: a.sequence,
    };
  }

  getParams(ctx: Context): AuthParams {
    const raw = ctx.kvStore(AUTH_MODULE).get(PARAMS_RAW_KEY);
    if (!raw) throw new Error("auth params are missing from state: the genesis was not applied");
    // Same stored bytes → same params: skip re-parsing JSON on every tx.
    if (this.paramsCache?.[0] !== raw) this.paramsCache = [raw, JSON.parse(new TextDecoder().decode(raw)) as AuthParams];
    return this.paramsCache[1];
  }

  setParams(ctx: Context, p: AuthParams): void {
    this.params.set(ctx.kvStore(AUTH_MODULE), p);
  }

  minGasPrice(params: AuthParams): GasPrice {
    if (this.priceCache?.[0] !== params.min_gas_price) this.priceCache = [params.min_gas_price, parseGasPrice(params.min_gas_price)];
    return this.priceCache[1];
  }

  nextAccountNumber(ctx: Context): bigint {
    return this.nextNumber.peek(ctx.kvStore(AUTH_MODULE));
  }
}
