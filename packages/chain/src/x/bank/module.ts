// x/bank as an AppModule.
import type { AppModule } from "../../app/module";
import type { BankKeeperImpl } from "./keeper";
import { BANK_MODULE } from "./keys";
import { msgSendHandler } from "./msg-server";
import { bankQueryHandlers } from "./query-server";
import { type BankGenesis, defaultBankGenesis, exportBankGenesis, initBankGenesis, validateBankGenesis } from "./genesis";
import { totalSupplyInvariant } from "./invariants";

export function bankModule(bank: BankKeeperImpl): AppModule<BankGenesis> {
  return {
    name: BANK_MODULE,
    msgHandlers: [msgSendHandler(bank)],
    queryHandlers: bankQueryHandlers(bank),
    defaultGenesis: defaultBankGenesis,
    validateGenesis: validateBankGenesis,
    initGenesis: (ctx, g) => initBankGenesis(ctx, bank, g),
    exportGenesis: (ctx) => exportBankGenesis(ctx, bank),
    invariants: [totalSupplyInvariant(bank)],
  };
}
