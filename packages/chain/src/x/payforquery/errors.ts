// Registered errors of x/payforquery (codespace "payforquery"). Codes are stable: never renumber.
import { registerError } from "../../errors/chain-error";

export const PAYFORQUERY_CODESPACE = "payforquery";

export const ErrInvalidAddress = registerError(PAYFORQUERY_CODESPACE, 2, "invalid address");
export const ErrModelNotFound = registerError(PAYFORQUERY_CODESPACE, 3, "model not found");
export const ErrModelDeprecated = registerError(PAYFORQUERY_CODESPACE, 4, "model is deprecated");
export const ErrInvalidCommitment = registerError(PAYFORQUERY_CODESPACE, 5, "invalid input commitment");
export const ErrInputTooLarge = registerError(PAYFORQUERY_CODESPACE, 6, "input too large");
export const ErrInvalidReplicas = registerError(PAYFORQUERY_CODESPACE, 7, "invalid replicas");
export const ErrInvalidPrivacy = registerError(PAYFORQUERY_CODESPACE, 8, "invalid privacy mode");
export const ErrInvalidTimeout = registerError(PAYFORQUERY_CODESPACE, 9, "invalid timeout");
export const ErrFeeAboveMax = registerError(PAYFORQUERY_CODESPACE, 10, "fee exceeds max_fee");
export const ErrInvalidFee = registerError(PAYFORQUERY_CODESPACE, 11, "invalid max_fee");
export const ErrInsufficientFunds = registerError(PAYFORQUERY_CODESPACE, 12, "insufficient funds for the query fee");
export const ErrEscrowNotFound = registerError(PAYFORQUERY_CODESPACE, 13, "escrow not found");
export const ErrEscrowClosed = registerError(PAYFORQUERY_CODESPACE, 14, "escrow already closed");
export const ErrUnauthorized = registerError(PAYFORQUERY_CODESPACE, 15, "signer is not the params authority");
export const ErrInvalidParams = registerError(PAYFORQUERY_CODESPACE, 16, "invalid params");
export const ErrInvalidInputBytes = registerError(PAYFORQUERY_CODESPACE, 17, "invalid input_bytes");
export const ErrInvalidTokens = registerError(PAYFORQUERY_CODESPACE, 18, "invalid token counts");
/** Admission control: the model already has max_open_queries_per_model open queries. Retryable. */
export const ErrModelBusy = registerError(PAYFORQUERY_CODESPACE, 19, "model has too many open queries");
