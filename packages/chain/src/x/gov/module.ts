// x/gov as an AppModule: cosmos.gov.v1 msgs, v1 + v1beta1 queries, EndBlock tally and execution.
import type { AppModule, Context } from "../../app/module";
import { endBlockGov } from "./abci";
import { type GovGenesisJson, defaultGenesis, exportGenesis, initGenesis, validateGenesis } from "./genesis";
import { depositsInvariant, queuesInvariant } from "./invariants";
import { type GovDeps, GovKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { legacyGovQueryHandlers } from "./legacy-query-server";
import { govMsgHandlers } from "./msg-server";
import { govQueryHandlers } from "./query-server";

export function createGovModule(deps: GovDeps): { module: AppModule<GovGenesisJson>; keeper: GovKeeper } {
  const keeper = new GovKeeper(deps, deps.bank.moduleAddress(MODULE_NAME));
  const module: AppModule<GovGenesisJson> = {
    name: MODULE_NAME,
    msgHandlers: govMsgHandlers(keeper),
    queryHandlers: { ...govQueryHandlers(keeper), ...legacyGovQueryHandlers(keeper) },
    endBlock: (ctx: Context) => endBlockGov(keeper, ctx),
    defaultGenesis,
    validateGenesis,
    initGenesis: (ctx, g) => initGenesis(keeper, ctx, g),
    exportGenesis: (ctx) => exportGenesis(keeper, ctx),
    invariants: [depositsInvariant(keeper), queuesInvariant(keeper)],
    setMsgRoutes: (routes) => keeper.setRoutes(routes),
  };
  return { module, keeper };
}
