// Registered errors of x/distribution (codespace "distribution"); codes stable.
import { registerError } from "../../errors/chain-error";

export const DISTRIBUTION_CODESPACE = "distribution";

export const ErrInvalidAddress = registerError(DISTRIBUTION_CODESPACE, 2, "invalid address");
export const ErrUnauthorized = registerError(DISTRIBUTION_CODESPACE, 3, "signer is not the authority");
export const ErrInvalidAmount = registerError(DISTRIBUTION_CODESPACE, 4, "invalid amount");
export const ErrInsufficientPool = registerError(DISTRIBUTION_CODESPACE, 5, "community pool does not have sufficient coins to distribute");
