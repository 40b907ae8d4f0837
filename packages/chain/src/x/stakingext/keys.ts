// The whole x/staking-ext state layout (inside the module's prefix store). One byte per
// collection; variable-length parts length-prefixed.
//
//   0x01                          → Params
//   0x02 | lp(operator)           → Miner
//   0x03 | lp(model_id)           → operators serving the model (sorted, length-prefixed list)
//   0x04 | u64(completion_height) → operators with an unbonding entry maturing at that height
//
// The per-model and per-height lists are single values, not key ranges, so the hot paths (committee
// draw, EndBlock unbonding) are point reads.
import { concatKey, lengthPrefixed, u64Key } from "./store-util";

export const MODULE_NAME = "stakingext";

export const PARAMS_KEY = Uint8Array.of(0x01);
export const MINER_PREFIX = Uint8Array.of(0x02);
export const MODEL_MINERS_PREFIX = Uint8Array.of(0x03);
export const UNBONDING_QUEUE_PREFIX = Uint8Array.of(0x04);

export const minerKey = (operator: string) => concatKey(MINER_PREFIX, lengthPrefixed(operator));
export const modelMinersKey = (modelId: string) => concatKey(MODEL_MINERS_PREFIX, lengthPrefixed(modelId));
export const unbondingQueueKey = (height: bigint) => concatKey(UNBONDING_QUEUE_PREFIX, u64Key(height));
