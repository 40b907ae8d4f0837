// Adapts the app's x/bank keeper to the single-denom ProtocolBank the protocol modules expect.
import type { Context } from "../../app/module";
import type { BankKeeper } from "../bank/keeper";
import { BOND_DENOM } from "./coins";
import type { ProtocolBank } from "./expected-keepers";

export function protocolBank(bank: BankKeeper): ProtocolBank {
  const c = (amount: bigint) => [{ denom: BOND_DENOM, amount }];
  return {
    moduleAddress: (name) => bank.moduleAddress(name),
    balance: (ctx: Context, address) => bank.getBalance(ctx, address, BOND_DENOM),
    sendAccountToModule: (ctx, from, module, amount) => bank.sendCoinsFromAccountToModule(ctx, from, module, c(amount)),
    sendModuleToAccount: (ctx, module, to, amount) => bank.sendCoinsFromModuleToAccount(ctx, module, to, c(amount)),
    sendModuleToModule: (ctx, from, to, amount) => bank.sendCoinsFromModuleToModule(ctx, from, to, c(amount)),
    burnFromModule: (ctx, module, amount) => bank.burnCoins(ctx, module, c(amount)),
    supply: (ctx) => bank.getSupply(ctx, BOND_DENOM),
  };
}
