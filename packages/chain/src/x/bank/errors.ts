// x/bank errors, with the SDK's numbers (x/bank/types/errors.go). Insufficient funds is sdk/5.
import { registerError } from "../../errors/chain-error";

export const ErrNoInputs = registerError("bank", 2, "no inputs to send transaction");
export const ErrNoOutputs = registerError("bank", 3, "no outputs to send transaction");
export const ErrInputOutputMismatch = registerError("bank", 4, "sum inputs != sum outputs");
export const ErrSendDisabled = registerError("bank", 5, "send transactions are disabled");
