// The project's one error shape ({codespace, code, shortMessage, details, cause}) for the model store.
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
} as const;

export type ModelStoreCodeValue = (typeof ModelStoreCode)[keyof typeof ModelStoreCode];

export class ModelStoreError extends Error {
  readonly codespace = MODEL_STORE_CODESPACE;
  readonly code: ModelStoreCodeValue;
  readonly shortMessage: string;
  readonly details?: string;

  constructor(code: ModelStoreCodeValue, shortMessage: string, details?: string, options?: { cause?: unknown }) {
    super(details ? `${shortMessage}: ${details}` : shortMessage, options);
    this.name = "ModelStoreError";
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
  }
}
