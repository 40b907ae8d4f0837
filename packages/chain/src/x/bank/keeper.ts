// Balances and supply. Every transfer emits coin_spent / coin_received / transfer like x/bank.
import type { Context } from "../../app/module";
import { event } from "../../app/events";
import { CollMap } from "../../store/collections";
import { addressKey, bigintValue, pairKey, pairPrefix, stringKey } from "../../store/codecs";
import { ErrInsufficientFunds } from "../../errors/sdk-errors";
import type { AuthKeeper } from "../auth/keeper";
import { moduleAddress } from "../auth/keeper";
import { BECH32_PREFIX } from "../auth/keys";
import { type Coin, formatCoins } from "./coins";
import { BALANCES_PREFIX, BANK_MODULE, SUPPLY_PREFIX } from "./keys";

/** What other modules use: pass it to their constructors. */
export interface BankKeeper {
  getBalance(ctx: Context, address: string, denom: string): bigint;
  getAllBalances(ctx: Context, address: string): Coin[];
  getSupply(ctx: Context, denom: string): bigint;
  sendCoins(ctx: Context, from: string, to: string, coins: Coin[]): void;
  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: Coin[]): void;
  sendCoinsFromModuleToAccount(ctx: Context, moduleName: string, to: string, coins: Coin[]): void;
  sendCoinsFromModuleToModule(ctx: Context, fromModule: string, toModule: string, coins: Coin[]): void;
  /** Destroys coins held by the module account (slashing). */
  burnCoins(ctx: Context, moduleName: string, coins: Coin[]): void;
  /** Creates coins in the module account (genesis tooling, tests). */
  mintCoins(ctx: Context, moduleName: string, coins: Coin[]): void;
  moduleAddress(name: string): string;
  /** Addresses of every blocked module account (x/gov leaves them out of the voting power). */
  blockedAddresses(): string[];
}

export class BankKeeperImpl implements BankKeeper {
  private readonly addressCodec = addressKey(BECH32_PREFIX);
  private readonly balances = new CollMap(BALANCES_PREFIX, pairKey(this.addressCodec, stringKey), bigintValue);
  private readonly supply = new CollMap(SUPPLY_PREFIX, stringKey, bigintValue);

  private readonly blocked = new Set<string>();

  constructor(private readonly auth: AuthKeeper) {}

  /** Module accounts that MsgSend may not pay (as the SDK's BlockedAddrs): their invariants count every coin. */
  blockModuleAccounts(names: string[]): void {
    for (const n of names) this.blocked.add(moduleAddress(n));
  }

  /** Addresses of every blocked module account (x/gov leaves them out of the voting power). */
  blockedAddresses(): string[] {
    return [...this.blocked].sort();
  }

  isBlocked(address: string): boolean {
    return this.blocked.has(address);
  }

  moduleAddress(name: string): string {
    return moduleAddress(name);
  }

  getBalance(ctx: Context, address: string, denom: string): bigint {
    return this.balances.get(ctx.kvStore(BANK_MODULE), [address, denom]) ?? 0n;
  }

  getAllBalances(ctx: Context, address: string): Coin[] {
    const out: Coin[] = [];
    const prefix = pairPrefix(this.addressCodec, address);
    for (const [[, denom], amount] of this.balances.entries(ctx.kvStore(BANK_MODULE), prefix)) {
      out.push({ denom, amount });
    }
    return out;
  }

  *allBalances(ctx: Context): Iterable<[string, Coin]> {
    for (const [[address, denom], amount] of this.balances.entries(ctx.kvStore(BANK_MODULE))) {
      yield [address, { denom, amount }];
    }
  }

  getSupply(ctx: Context, denom: string): bigint {
    return this.supply.get(ctx.kvStore(BANK_MODULE), denom) ?? 0n;
  }

  *allSupply(ctx: Context): Iterable<Coin> {
    for (const [denom, amount] of this.supply.entries(ctx.kvStore(BANK_MODULE))) yield { denom, amount };
  }

  setSupply(ctx: Context, denom: string, amount: bigint): void {
    const store = ctx.kvStore(BANK_MODULE);
    if (amount === 0n) this.supply.delete(store, denom);
    else this.supply.set(store, denom, amount);
  }

  private setBalance(ctx: Context, address: string, denom: string, amount: bigint): void {
    const store = ctx.kvStore(BANK_MODULE);
    if (amount === 0n) this.balances.delete(store, [address, denom]);
    else this.balances.set(store, [address, denom], amount);
  }

  /** Genesis only: sets a balance without events or supply changes. */
  initBalance(ctx: Context, address: string, coin: Coin): void {
    this.auth.ensureAccount(ctx, address);
    this.setBalance(ctx, address, coin.denom, coin.amount);
  }

  private subtract(ctx: Context, address: string, coins: Coin[]): void {
    for (const c of coins) {
      const have = this.getBalance(ctx, address, c.denom);
      if (have < c.amount) {
        throw ErrInsufficientFunds.wrap(`spendable balance ${have}${c.denom} is smaller than ${c.amount}${c.denom}`);
      }
      this.setBalance(ctx, address, c.denom, have - c.amount);
    }
    ctx.eventManager.emit(event("coin_spent", { spender: address, amount: formatCoins(coins) }));
  }

  private add(ctx: Context, address: string, coins: Coin[]): void {
    this.auth.ensureExists(ctx, address);
    for (const c of coins) this.setBalance(ctx, address, c.denom, this.getBalance(ctx, address, c.denom) + c.amount);
    ctx.eventManager.emit(event("coin_received", { receiver: address, amount: formatCoins(coins) }));
  }

  sendCoins(ctx: Context, from: string, to: string, coins: Coin[]): void {
    this.subtract(ctx, from, coins);
    this.add(ctx, to, coins);
    ctx.eventManager.emit(event("transfer", { recipient: to, sender: from, amount: formatCoins(coins) }));
  }

  sendCoinsFromAccountToModule(ctx: Context, from: string, moduleName: string, coins: Coin[]): void {
    this.sendCoins(ctx, from, moduleAddress(moduleName), coins);
  }

  sendCoinsFromModuleToAccount(ctx: Context, moduleName: string, to: string, coins: Coin[]): void {
    this.sendCoins(ctx, moduleAddress(moduleName), to, coins);
  }

  sendCoinsFromModuleToModule(ctx: Context, fromModule: string, toModule: string, coins: Coin[]): void {
    this.sendCoins(ctx, moduleAddress(fromModule), moduleAddress(toModule), coins);
  }

  burnCoins(ctx: Context, moduleName: string, coins: Coin[]): void {
    const addr = moduleAddress(moduleName);
    this.subtract(ctx, addr, coins);
    for (const c of coins) this.setSupply(ctx, c.denom, this.getSupply(ctx, c.denom) - c.amount);
    ctx.eventManager.emit(event("burn", { burner: addr, amount: formatCoins(coins) }));
  }

  mintCoins(ctx: Context, moduleName: string, coins: Coin[]): void {
    const addr = moduleAddress(moduleName);
    for (const c of coins) this.setSupply(ctx, c.denom, this.getSupply(ctx, c.denom) + c.amount);
    this.add(ctx, addr, coins);
    ctx.eventManager.emit(event("coinbase", { minter: addr, amount: formatCoins(coins) }));
  }
}
