// Registered errors of x/gov (codespace "gov"), numbered as cosmos-sdk's x/gov/types/errors.go
// where the SDK has the error; Nesa's own from 24. Codes are stable: never renumber.
import { registerError } from "../../errors/chain-error";

export const GOV_CODESPACE = "gov";

export const ErrUnknownProposal = registerError(GOV_CODESPACE, 2, "unknown proposal");
export const ErrInactiveProposal = registerError(GOV_CODESPACE, 3, "inactive proposal");
export const ErrInvalidVote = registerError(GOV_CODESPACE, 7, "invalid vote option");
export const ErrInvalidGenesis = registerError(GOV_CODESPACE, 8, "invalid genesis state");
export const ErrUnroutableProposalMsg = registerError(GOV_CODESPACE, 10, "proposal message not recognized by router");
export const ErrInvalidProposalMsg = registerError(GOV_CODESPACE, 12, "invalid proposal message");
export const ErrInvalidSigner = registerError(GOV_CODESPACE, 13, "expected gov account as only signer for proposal message");
export const ErrMetadataTooLong = registerError(GOV_CODESPACE, 15, "metadata too long");
export const ErrMinDepositTooSmall = registerError(GOV_CODESPACE, 16, "minimum deposit is too small");
export const ErrInvalidProposer = registerError(GOV_CODESPACE, 18, "invalid proposer");
export const ErrInvalidProposal = registerError(GOV_CODESPACE, 21, "invalid proposal");
export const ErrSummaryTooLong = registerError(GOV_CODESPACE, 22, "summary too long");
export const ErrInvalidDepositDenom = registerError(GOV_CODESPACE, 23, "invalid deposit denom");
export const ErrInvalidParams = registerError(GOV_CODESPACE, 24, "invalid params");
export const ErrInvalidAddress = registerError(GOV_CODESPACE, 25, "invalid address");
export const ErrInvalidDeposit = registerError(GOV_CODESPACE, 26, "invalid deposit amount");
export const ErrUnsupported = registerError(GOV_CODESPACE, 27, "not supported by nesa-ts");
export const ErrInsufficientFunds = registerError(GOV_CODESPACE, 28, "insufficient funds for the deposit");
