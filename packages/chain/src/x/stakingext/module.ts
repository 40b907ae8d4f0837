// x/staking-ext as an AppModule: wiring of keeper, msg and query servers, genesis and invariants.
import type { AppModule, Context } from "../../app/module";
import type { ProtocolBank } from "./expected-keepers";
import { exportGenesis, initGenesis, defaultGenesis, validateGenesis } from "./genesis";
import { indexInvariant, moduleAccountInvariant } from "./invariants";
import { StakingKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { stakingMsgHandlers } from "./msg-server";
import { GenesisState } from "./proto";
import { stakingQueryHandlers } from "./query-server";
import { completeUnbondings } from "./unbonding";

export function createStakingExtModule(bank: ProtocolBank, authority: string): { module: AppModule<unknown>; keeper: StakingKeeper } {
  const keeper = new StakingKeeper(bank, authority);
  const module: AppModule<unknown> = {
    name: MODULE_NAME,
    msgHandlers: stakingMsgHandlers(keeper),
    queryHandlers: stakingQueryHandlers(keeper),
    endBlock: (ctx: Context) => completeUnbondings(keeper, ctx),
    // Genesis travels as proto JSON (genesis.json app_state), as in cosmos-sdk.
    defaultGenesis: () => GenesisState.toJSON(defaultGenesis()),
    validateGenesis: (json) => validateGenesis(GenesisState.fromJSON(json)),
    initGenesis: (ctx, json) => initGenesis(keeper, ctx, GenesisState.fromJSON(json)),
    exportGenesis: (ctx) => GenesisState.toJSON(exportGenesis(keeper, ctx)),
    invariants: [moduleAccountInvariant(keeper), indexInvariant(keeper)],
  };
  return { module, keeper };
}
