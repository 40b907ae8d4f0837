// x/payforquery as an AppModule.
import type { AppModule } from "../../app/module";
import type { ProtocolBank } from "../stakingext/expected-keepers";
import { defaultGenesis, exportGenesis, initGenesis, validateGenesis } from "./genesis";
import { escrowAccountInvariant, escrowAccountingInvariant, modelEarningsInvariant, openPerModelInvariant } from "./invariants";
import { PayForQueryKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { payForQueryMsgHandlers } from "./msg-server";
import { GenesisState } from "./proto";
import { payForQueryQueryHandlers } from "./query-server";

export function createPayForQueryModule(bank: ProtocolBank, authority: string): { module: AppModule<unknown>; keeper: PayForQueryKeeper } {
  const keeper = new PayForQueryKeeper(bank, authority);
  const module: AppModule<unknown> = {
    name: MODULE_NAME,
    msgHandlers: payForQueryMsgHandlers(keeper),
    queryHandlers: payForQueryQueryHandlers(keeper),
    // Genesis travels as proto JSON (genesis.json app_state), as in cosmos-sdk.
    defaultGenesis: () => GenesisState.toJSON(defaultGenesis()),
    validateGenesis: (json) => validateGenesis(GenesisState.fromJSON(json)),
    initGenesis: (ctx, json) => initGenesis(keeper, ctx, GenesisState.fromJSON(json)),
    exportGenesis: (ctx) => GenesisState.toJSON(exportGenesis(keeper, ctx)),
    invariants: [escrowAccountInvariant(keeper), escrowAccountingInvariant(keeper), modelEarningsInvariant(keeper), openPerModelInvariant(keeper)],
  };
  return { module, keeper };
}
