// x/payforquery as an AppModule.
import type { AppModule } from "../../app/module";
import type { ProtocolBank } from "../stakingext/expected-keepers";
import { defaultGenesis, exportGenesis, initGenesis, validateGenesis } from "./genesis";
import { escrowAccountInvariant } from "./invariants";
import { PayForQueryKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { payForQueryMsgHandlers } from "./msg-server";
import type { GenesisState } from "./proto";
import { payForQueryQueryHandlers } from "./query-server";

export function createPayForQueryModule(bank: ProtocolBank, authority: string): { module: AppModule<GenesisState>; keeper: PayForQueryKeeper } {
  const keeper = new PayForQueryKeeper(bank, authority);
  const module: AppModule<GenesisState> = {
    name: MODULE_NAME,
    msgHandlers: payForQueryMsgHandlers(keeper),
    queryHandlers: payForQueryQueryHandlers(keeper),
    defaultGenesis,
    validateGenesis,
    initGenesis: (ctx, g) => initGenesis(keeper, ctx, g),
    exportGenesis: (ctx) => exportGenesis(keeper, ctx),
    invariants: [escrowAccountInvariant(keeper)],
  };
  return { module, keeper };
}
