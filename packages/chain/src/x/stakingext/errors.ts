// Registered errors of x/staking-ext (codespace "stakingext"). Codes are stable: never renumber;
// retire a code by commenting it out, never by reusing it.
import { registerError } from "../../errors/chain-error";

export const STAKINGEXT_CODESPACE = "stakingext";

export const ErrInvalidAddress = registerError(STAKINGEXT_CODESPACE, 2, "invalid address");
export const ErrInvalidStake = registerError(STAKINGEXT_CODESPACE, 3, "invalid stake amount");
export const ErrInvalidPubkey = registerError(STAKINGEXT_CODESPACE, 4, "invalid encryption public key");
export const ErrInvalidModels = registerError(STAKINGEXT_CODESPACE, 5, "invalid model list");
export const ErrMinerExists = registerError(STAKINGEXT_CODESPACE, 6, "miner already registered");
export const ErrMinerNotFound = registerError(STAKINGEXT_CODESPACE, 7, "miner not found");
export const ErrInsufficientBonded = registerError(STAKINGEXT_CODESPACE, 8, "unbond amount exceeds bonded stake");
export const ErrTooManyUnbonding = registerError(STAKINGEXT_CODESPACE, 9, "too many unbonding entries");
export const ErrNotJailed = registerError(STAKINGEXT_CODESPACE, 10, "miner is not jailed");
export const ErrJailPeriod = registerError(STAKINGEXT_CODESPACE, 11, "miner is still in its jail period");
export const ErrInvalidCapacity = registerError(STAKINGEXT_CODESPACE, 12, "invalid capacity");
export const ErrUnauthorized = registerError(STAKINGEXT_CODESPACE, 13, "signer is not the params authority");
export const ErrInvalidParams = registerError(STAKINGEXT_CODESPACE, 14, "invalid params");
export const ErrInsufficientFunds = registerError(STAKINGEXT_CODESPACE, 15, "insufficient funds for stake");
