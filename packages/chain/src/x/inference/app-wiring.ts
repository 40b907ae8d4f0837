// The protocol modules as app ModuleFactories (src/app/modules.ts lists them, one line each).
// The three are built together, once per app, because their keepers reference each other.
import type { ModuleDeps } from "../../app/modules";
import type { AppModule } from "../../app/module";
import { protocolBank } from "../stakingext/bank-adapter";
import { createDistributionModule } from "../distribution/module";
import { createGovModule } from "../gov/module";
import { amountOf } from "../stakingext/coins";
import { beaconSignerFromSecret } from "./beacon-signer";
import { createProtocolModules, type ProtocolModules } from "./module";

/** Governance authority for MsgUpdateParams (cosmos-sdk: the gov module account). */
export const GOV_MODULE = "gov";

const built = new WeakMap<ModuleDeps, ProtocolModules>();

export function protocolModulesFor(deps: ModuleDeps): ProtocolModules {
  let p = built.get(deps);
  if (!p) {
    p = createProtocolModules(protocolBank(deps.bank), deps.bank.moduleAddress(GOV_MODULE), deps.beaconSigner ?? beaconSignerFromSecret(deps.validatorKey.privKey));
    built.set(deps, p);
  }
  return p;
}

const byName = (deps: ModuleDeps, name: string): AppModule<any> => {
  const m = protocolModulesFor(deps).modules.find((x) => x.name === name);
  if (!m) throw new Error(`protocol module ${name} missing`);
  return m;
};

export const inferenceModuleFactory = (deps: ModuleDeps) => byName(deps, "inference");
export const stakingExtModuleFactory = (deps: ModuleDeps) => byName(deps, "stakingext");
export const payForQueryModuleFactory = (deps: ModuleDeps) => byName(deps, "payforquery");

/** x/gov: voting power reads bank balances and bonded miner stake (see x/gov/README.md). */
export const govModuleFactory = (deps: ModuleDeps) => {
  const p = protocolModulesFor(deps);
  return createGovModule({
    bank: protocolBank(deps.bank),
    blockedAddresses: () => deps.bank.blockedAddresses(),
    bondedOf: (ctx, address) => {
      const m = p.staking.getMiner(ctx, address);
      return m ? amountOf(m.bonded) : 0n;
    },
    totalBonded: (ctx) => {
      let sum = 0n;
      for (const m of p.staking.allMiners(ctx)) sum += amountOf(m.bonded);
      return sum;
    },
  }).module;
};

/** The community pool, spent by governance (MsgCommunityPoolSpend). */
export const distributionModuleFactory = (deps: ModuleDeps) => createDistributionModule(protocolBank(deps.bank), deps.bank.moduleAddress(GOV_MODULE));
