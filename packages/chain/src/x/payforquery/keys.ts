// The whole x/payforquery state layout (inside the module's prefix store).
//
//   0x01              → Params
//   0x02              → next query id (u64 BE; ids start at 1)
//   0x03 | u64(id)    → Escrow (kept after closing, for lookup)
//   0x04 | u64(id)    → ∅  index of OPEN escrows (the escrow invariant sums these)
//   0x05 | lp(model)  → ModelEarnings (what the model has paid its owner; written at settlement)
//   0x06 | lp(model)  → u64 count of the model's OPEN escrows (admission control; absent = 0)
import { concatKey, lengthPrefixed, u64Key } from "../stakingext/store-util";

export const MODULE_NAME = "payforquery";
/** The community pool is the balance of this module account, as in cosmos-sdk x/distribution. */
export const COMMUNITY_POOL_MODULE = "distribution";

export const PARAMS_KEY = Uint8Array.of(0x01);
export const NEXT_QUERY_ID_KEY = Uint8Array.of(0x02);
export const ESCROW_PREFIX = Uint8Array.of(0x03);
export const OPEN_ESCROW_PREFIX = Uint8Array.of(0x04);
export const MODEL_EARNINGS_PREFIX = Uint8Array.of(0x05);
export const OPEN_PER_MODEL_PREFIX = Uint8Array.of(0x06);

export const escrowKey = (id: bigint) => concatKey(ESCROW_PREFIX, u64Key(id));
export const openEscrowKey = (id: bigint) => concatKey(OPEN_ESCROW_PREFIX, u64Key(id));
export const modelEarningsKey = (modelId: string) => concatKey(MODEL_EARNINGS_PREFIX, lengthPrefixed(modelId));
export const openPerModelKey = (modelId: string) => concatKey(OPEN_PER_MODEL_PREFIX, lengthPrefixed(modelId));
