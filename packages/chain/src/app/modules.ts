// The app's module list, in Begin/EndBlock and genesis order. Adding a module is one line here.
import type { BankKeeper } from "../x/bank/keeper";
import { BankKeeperImpl } from "../x/bank/keeper";
import { AuthKeeper } from "../x/auth/keeper";
import { authModule } from "../x/auth/module";
import { FEE_COLLECTOR } from "../x/auth/keys";
import { bankModule } from "../x/bank/module";
import type { ValidatorKey } from "../node/home";
import type { AppModule } from "./module";
import type { BeaconSigner } from "../x/inference/keeper";
import {
  distributionModuleFactory,
  govModuleFactory,
  inferenceModuleFactory,
  payForQueryModuleFactory,
  stakingExtModuleFactory,
} from "../x/inference/app-wiring";

/** What module constructors receive. */
export interface ModuleDeps {
  chainId: string;
  auth: AuthKeeper;
  bank: BankKeeper;
  /** The proposer's key (VRF beacon in BeginBlock). */
  validatorKey: ValidatorKey;
  /** Replaces the beacon signer made from validatorKey (ABCI mode: the block's proposer proved it). */
  beaconSigner?: BeaconSigner;
}

export type ModuleFactory = (deps: ModuleDeps) => AppModule<any>;

/** Nesa modules register here, e.g. `(d) => stakingextModule(d),` — one line each. */
export const NESA_MODULES: ModuleFactory[] = [
  // x/inference first: its EndBlock settles and slashes before x/staking-ext pays out unbonding.
  inferenceModuleFactory,
  stakingExtModuleFactory,
  payForQueryModuleFactory,
  distributionModuleFactory,
  // x/gov last: a passed proposal's params apply from the next block on.
  govModuleFactory,
];

export interface AppWiring {
  auth: AuthKeeper;
  bank: BankKeeperImpl;
  modules: AppModule<any>[];
}

export function wireModules(chainId: string, validatorKey: ValidatorKey, extra: ModuleFactory[] = [], beaconSigner?: BeaconSigner): AppWiring {
  const auth = new AuthKeeper();
  const bank = new BankKeeperImpl(auth);
  const deps: ModuleDeps = { chainId, auth, bank, validatorKey, beaconSigner };
  const modules = [authModule(auth), bankModule(bank), ...NESA_MODULES.map((f) => f(deps)), ...extra.map((f) => f(deps))];
  // Every module's account, the fee collector and the community pool: MsgSend may not pay them.
  bank.blockModuleAccounts([...modules.map((m) => m.name), FEE_COLLECTOR, "distribution"]);
  return { auth, bank, modules };
}
