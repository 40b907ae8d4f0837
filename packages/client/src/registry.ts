import { type GeneratedType, Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { inferenceTypes } from "./modules/inference/messages";
import { payforqueryTypes } from "./modules/payforquery/messages";
import { stakingextTypes } from "./modules/stakingext/messages";

/** Only the Nesa Msgs: x/inference, x/staking-ext and x/payforquery. */
export const nesaTypes: ReadonlyArray<[string, GeneratedType]> = [
  ...inferenceTypes,
  ...stakingextTypes,
  ...payforqueryTypes,
];

/** cosmjs's defaultRegistryTypes (bank, staking, gov, ...) plus the Nesa Msgs. */
export const nesaRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [...defaultRegistryTypes, ...nesaTypes];

/**
 * A cosmjs Registry that encodes and decodes every Msg a Nesa tx may carry.
 *
 * @example
 * const client = await SigningStargateClient.connectWithSigner(rpc, wallet, { registry: createNesaRegistry() });
 */
export function createNesaRegistry(): Registry {
  return new Registry(nesaRegistryTypes);
}
