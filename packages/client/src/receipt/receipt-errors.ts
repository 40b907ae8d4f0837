// The light-client check's refusals, in the client's registered codes (ClientErrorCode 13, 14).
import { ClientError, ClientErrorCode } from "../errors/nesa-error";

/** The receipt's verdict, Merkle path or state digest do not rebuild the app hash the header carries. */
export class ReceiptMismatchError extends ClientError {
  override name = "ReceiptMismatchError";
  constructor(shortMessage: string, details = "the node served a receipt that the chain did not commit to: do not trust this verdict; ask another node") {
    super(ClientErrorCode.ReceiptMismatch, shortMessage, details);
  }
}

/** The header is not signed by more than 2/3 of the validator set's power (or its signatures do not check). */
export class CommitNotTrustedError extends ClientError {
  override name = "CommitNotTrustedError";
  constructor(shortMessage: string, details = "the header carrying the app hash is not backed by the validators: do not trust this verdict; ask another node or wait for the next block") {
    super(ClientErrorCode.CommitNotTrusted, shortMessage, details);
  }
}
