// The project's one error shape ({codespace, code, shortMessage, details, cause}; the base is @nesa/errors) for
// the model store.
import { NesaError } from "@nesa/errors";
// Codes are stable: callers decide retry or give-up from {codespace, code}, never from message text.

export const MODEL_STORE_CODESPACE = "modelstore";

export const ModelStoreCode = {
  /** The bytes received do not hash to the requested sha256: never retry from the same source blindly. */
  HashMismatch: 2,
  /** The store has no file with this sha256. */
  NotFound: 3,
  /** The file is larger than the caller allows (expected size or the configured limit). */
  TooLarge: 4,
  /** The sha256 given is not 64 lowercase hex characters. */
  BadHash: 5,
  /** The store could not be reached or answered with an unexpected HTTP status. */
  Unavailable: 6,
  /** The blob is not a shard of a model registered on chain, nor of one its owner signed an unexpired upload intent for. */
  NotRegistered: 7,
  /** An upload intent is malformed, expired, too far ahead, too large, or its signature does not verify. */
  BadIntent: 8,
  /** A resumed upload starts at another offset than the bytes the store holds (resume from `upload-offset`). */
  OffsetMismatch: 9,
  /** Another upload of the same blob is in progress, or the model id is claimed by another owner. */
  Conflict: 10,
} as const;

export type ModelStoreCodeValue = (typeof ModelStoreCode)[keyof typeof ModelStoreCode];

/** The model store's errors: the shared NesaError with codespace "modelstore" and a ModelStoreCode. */
export class ModelStoreError extends NesaError {
  override name = "ModelStoreError";
  declare readonly code: ModelStoreCodeValue;

  constructor(code: ModelStoreCodeValue, shortMessage: string, details?: string, options?: { cause?: unknown }) {
    super({ codespace: MODEL_STORE_CODESPACE, code, shortMessage, details, cause: options?.cause, separator: ": " });
  }
}
