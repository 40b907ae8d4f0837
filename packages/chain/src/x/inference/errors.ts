// Registered errors of x/inference (codespace "inference"). Codes are stable: never renumber.
import { registerError } from "../../errors/chain-error";

export const INFERENCE_CODESPACE = "inference";

export const ErrInvalidAddress = registerError(INFERENCE_CODESPACE, 2, "invalid address");
export const ErrInvalidModel = registerError(INFERENCE_CODESPACE, 3, "invalid model");
export const ErrModelExists = registerError(INFERENCE_CODESPACE, 4, "model already registered");
export const ErrModelNotFound = registerError(INFERENCE_CODESPACE, 5, "model not found");
export const ErrNotModelOwner = registerError(INFERENCE_CODESPACE, 6, "signer is not the model owner");
export const ErrModelDeprecated = registerError(INFERENCE_CODESPACE, 7, "model already deprecated");
export const ErrQueryNotFound = registerError(INFERENCE_CODESPACE, 8, "query not found");
export const ErrNotAssigned = registerError(INFERENCE_CODESPACE, 9, "query has no committee yet");
export const ErrCommitClosed = registerError(INFERENCE_CODESPACE, 10, "commit phase is closed");
export const ErrSeatNotFound = registerError(INFERENCE_CODESPACE, 11, "no such seat");
export const ErrNotSeatHolder = registerError(INFERENCE_CODESPACE, 12, "signer does not hold this seat");
export const ErrAlreadyCommitted = registerError(INFERENCE_CODESPACE, 13, "seat already committed");
export const ErrInvalidCommitment = registerError(INFERENCE_CODESPACE, 14, "invalid commitment");
export const ErrNotRevealing = registerError(INFERENCE_CODESPACE, 15, "query is not in its reveal phase");
export const ErrRevealClosed = registerError(INFERENCE_CODESPACE, 16, "reveal phase is closed");
export const ErrNoCommit = registerError(INFERENCE_CODESPACE, 17, "seat has no commit to open");
export const ErrAlreadyRevealed = registerError(INFERENCE_CODESPACE, 18, "seat already revealed");
export const ErrCommitmentMismatch = registerError(INFERENCE_CODESPACE, 19, "reveal does not open the commitment");
export const ErrInvalidSketch = registerError(INFERENCE_CODESPACE, 20, "invalid sketch");
export const ErrInvalidResult = registerError(INFERENCE_CODESPACE, 21, "invalid result reference");
export const ErrInvalidReveal = registerError(INFERENCE_CODESPACE, 22, "invalid reveal fields");
export const ErrUnauthorized = registerError(INFERENCE_CODESPACE, 23, "signer is not the params authority");
export const ErrInvalidParams = registerError(INFERENCE_CODESPACE, 24, "invalid params");
export const ErrBeaconNotFound = registerError(INFERENCE_CODESPACE, 25, "beacon not found");
export const ErrReceiptNotAvailable = registerError(INFERENCE_CODESPACE, 26, "verdict receipt not available");
