// x/inference as an AppModule, plus the wiring of the three protocol modules to each other.
import type { AppModule, Context } from "../../app/module";
import { createPayForQueryModule } from "../payforquery/module";
import type { PayForQueryKeeper } from "../payforquery/keeper";
import type { ProtocolBank } from "../stakingext/expected-keepers";
import type { StakingKeeper } from "../stakingext/keeper";
import { createStakingExtModule } from "../stakingext/module";
import { beginBlockBeacon, prefetchBeacon } from "./beacon";
import { defaultGenesis, exportGenesis, initGenesis, validateGenesis } from "./genesis";
import { escrowMatchesStatusInvariant, singleStatusInvariant } from "./invariants";
import { type BeaconSigner, InferenceKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { endBlockLifecycle, minTimeoutBlocks, onQueryPaid } from "./lifecycle";
import { modelMsgHandlers } from "./model-msg-server";
import { GenesisState } from "./proto";
import { inferenceQueryHandlers } from "./query-server";
import { resultMsgHandlers } from "./result-msg-server";
import { recordPreviousStateDigest, verdictRoot } from "./verdict-leaves";

export function createInferenceModule(
  staking: StakingKeeper,
  pay: PayForQueryKeeper,
  authority: string,
  beaconSigner: BeaconSigner | undefined,
): { module: AppModule<unknown>; keeper: InferenceKeeper } {
  const keeper = new InferenceKeeper(staking, pay, authority, beaconSigner);
  staking.setModelRegistry(keeper);
  pay.setHooks(
    {
      minTimeoutBlocks: (ctx) => minTimeoutBlocks(keeper, ctx),
      onQueryPaid: (ctx, escrow, msg, shards) => onQueryPaid(keeper, ctx, escrow, msg, shards),
    },
    keeper,
  );
  const module: AppModule<unknown> = {
    name: MODULE_NAME,
    msgHandlers: [...modelMsgHandlers(keeper), ...resultMsgHandlers(keeper)],
    queryHandlers: inferenceQueryHandlers(keeper),
    beginBlock: (ctx: Context) => {
      recordPreviousStateDigest(ctx);
      beginBlockBeacon(keeper, ctx);
    },
    endBlock: (ctx: Context) => endBlockLifecycle(keeper, ctx),
    prepareBlock: (next) => prefetchBeacon(keeper, next),
    // The app hash commits to the merkle root of the verdicts this block reached (README, "Verdict receipts").
    blockCommitment: (ctx: Context) => verdictRoot(ctx, ctx.height),
    // Genesis travels as proto JSON (genesis.json app_state), as in cosmos-sdk.
    defaultGenesis: () => GenesisState.toJSON(defaultGenesis()),
    validateGenesis: (json) => validateGenesis(GenesisState.fromJSON(json)),
    initGenesis: (ctx, json) => initGenesis(keeper, ctx, GenesisState.fromJSON(json)),
    exportGenesis: (ctx) => GenesisState.toJSON(exportGenesis(keeper, ctx)),
    invariants: [singleStatusInvariant(keeper), escrowMatchesStatusInvariant(keeper)],
  };
  return { module, keeper };
}

export interface ProtocolModules {
  modules: AppModule<any>[];
  staking: StakingKeeper;
  pay: PayForQueryKeeper;
  inference: InferenceKeeper;
}

/**
 * The three protocol modules, wired to each other. Order matters for EndBlock: x/inference
 * settles and slashes before x/staking-ext pays out matured unbonding entries.
 */
export function createProtocolModules(bank: ProtocolBank, authority: string, beaconSigner: BeaconSigner | undefined): ProtocolModules {
  const staking = createStakingExtModule(bank, authority);
  const pay = createPayForQueryModule(bank, authority);
  const inference = createInferenceModule(staking.keeper, pay.keeper, authority, beaconSigner);
  return {
    modules: [inference.module, staking.module, pay.module],
    staking: staking.keeper,
    pay: pay.keeper,
    inference: inference.keeper,
  };
}
