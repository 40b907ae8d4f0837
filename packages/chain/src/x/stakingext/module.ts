// x/staking-ext as an AppModule: wiring of keeper, msg and query servers, genesis and invariants.
import type { AppModule, Context } from "../../app/module";
import type { ProtocolBank } from "./expected-keepers";
import { exportGenesis, initGenesis, defaultGenesis, validateGenesis } from "./genesis";
import { indexInvariant, moduleAccountInvariant } from "./invariants";
import { StakingKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { stakingMsgHandlers } from "./msg-server";
import type { GenesisState } from "./proto";
import { stakingQueryHandlers } from "./query-server";
import { completeUnbondings } from "./unbonding";

export function createStakingExtModule(bank: ProtocolBank, authority: string): { module: AppModule<GenesisState>; keeper: StakingKeeper } {
  const keeper = new StakingKeeper(bank, authority);
  const module: AppModule<GenesisState> = {
    name: MODULE_NAME,
    msgHandlers: stakingMsgHandlers(keeper),
    queryHandlers: stakingQueryHandlers(keeper),
    endBlock: (ctx: Context) => completeUnbondings(keeper, ctx),
    defaultGenesis,
    validateGenesis,
    initGenesis: (ctx, g) => initGenesis(keeper, ctx, g),
    exportGenesis: (ctx) => exportGenesis(keeper, ctx),
    invariants: [moduleAccountInvariant(keeper), indexInvariant(keeper)],
  };
  return { module, keeper };
}
