// The client's errors in the one error shape (STYLE.md, @nesa/errors): {codespace, code, shortMessage, details,
// cause}. Callers branch on (codespace, code), never on message text.
import { NesaError } from "@nesa/errors";

/** Codespace of errors the SDK raises itself (not the chain's). Codes are stable; never renumber them. */
export const CLIENT_CODESPACE = "nesa-client";

/** Stable codes within CLIENT_CODESPACE (1 is reserved, as in the Cosmos SDK). */
export const ClientErrorCode = {
  InvalidArgument: 2,
  CommitteeMismatch: 3,
  BeaconInvalid: 4,
  ResultDigestMismatch: 5,
  ResultUnavailable: 6,
  PrivacyRefused: 7,
  HssUnavailable: 8,
  QueryFailed: 9,
  Timeout: 10,
  InputRejected: 11,
  UnknownModel: 12,
  /** A verdict receipt does not rebuild the app hash of the header it names (receipt/). */
  ReceiptMismatch: 13,
  /** The header carrying that app hash is not signed by more than 2/3 of its validator set's power (receipt/). */
  CommitNotTrusted: 14,
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

// The base class and its parameters live in @nesa/errors, which the miner and the model store extend too.
export { isNesaError, NesaError, type NesaErrorParameters } from "@nesa/errors";

/** A tx the chain refused (CheckTx) or ran and failed (DeliverTx): codespace and code are the chain's module error. */
export class ChainTxError extends NesaError {
  override name = "ChainTxError";
  readonly txHash: string | undefined;
  readonly log: string | undefined;

  constructor(p: { codespace: string; code: number; log?: string; txHash?: string; what: string; cause?: unknown }) {
    super({
      codespace: p.codespace,
      code: p.code,
      shortMessage: `${p.what} failed on chain`,
      details: [p.log, p.txHash ? `tx ${p.txHash}` : undefined].filter(Boolean).join("; ") || undefined,
      cause: p.cause,
    });
    this.txHash = p.txHash;
    this.log = p.log;
  }
}

/** An error raised by the SDK's own checks; `code` is one of ClientErrorCode. */
export class ClientError extends NesaError {
  override name = "ClientError";
  constructor(code: ClientErrorCode, shortMessage: string, details?: string, cause?: unknown) {
    super({ codespace: CLIENT_CODESPACE, code, shortMessage, details, cause });
  }
}

/** The committee (or the beacon it was drawn from) does not re-derive from public chain data. */
export class CommitteeMismatchError extends ClientError {
  override name = "CommitteeMismatchError";
  constructor(shortMessage: string, details?: string, code: ClientErrorCode = ClientErrorCode.CommitteeMismatch) {
    super(code, shortMessage, details);
  }
}

/** The result's bytes do not hash to the digest the chain's verdict agreed on: nothing is decrypted. */
export class ResultDigestMismatchError extends ClientError {
  override name = "ResultDigestMismatchError";
  constructor(expectedHex: string, gotHex: string, source: string) {
    super(ClientErrorCode.ResultDigestMismatch, `the result from ${source} does not match the chain's verdict`, `expected sha256 ${expectedHex}, got ${gotHex}; the data plane served altered or wrong bytes: do not trust it, retry from another source`);
  }
}

/** A privacy mode would hand the raw input (or a recoverable form of it) to a miner, and the caller did not opt in. */
export class PrivacyRefusedError extends ClientError {
  override name = "PrivacyRefusedError";
  constructor(message: string) {
    super(ClientErrorCode.PrivacyRefused, message, "choose privacy \"hss-ee\", or accept the exposure explicitly: allowExposure: true (CLI: --allow-exposure)");
  }
}

/** HSS-EE shares are sealed client-side, but the network's dispatcher does not route them to share seats yet. */
export class HssUnavailableError extends ClientError {
  override name = "HssUnavailableError";
  constructor(message = "HSS-EE dispatch not available on this network yet", hint = "the dispatcher ingests whole EE inputs only; use privacy \"ee\" for now") {
    super(ClientErrorCode.HssUnavailable, message, hint);
  }
}

/** The chain ended the query FAILED (no miners, no majority, timeout, deprecated model); the escrow was refunded. */
export class QueryFailedError extends ClientError {
  override name = "QueryFailedError";
  constructor(readonly queryId: bigint, readonly reason: string) {
    super(ClientErrorCode.QueryFailed, `query ${queryId} failed on chain: ${reason}`, "the fee was refunded; retry, perhaps with more replicas or a longer timeout");
  }
}

/** A wait ran out before the chain reached the awaited state. */
export class NesaTimeoutError extends ClientError {
  override name = "NesaTimeoutError";
  constructor(what: string, ms: number, hint: string) {
    super(ClientErrorCode.Timeout, `timed out after ${ms} ms waiting for ${what}`, hint);
  }
}
