// The project's one error shape ({codespace, code, shortMessage, details, cause}; the base is @nesa/errors) for
// the miner itself. Codes are stable; workers branch on {codespace, code}, never on message text.
import { NesaError } from "@nesa/errors";

export const SIDECAR_CODESPACE = "sidecar";

export const SidecarCode = {
  /** The config file or an environment override is invalid; `details` names the field. */
  BadConfig: 2,
  /** The key file is missing, unreadable, or readable by other users. */
  BadKeyFile: 3,
  /** A job's data is malformed: retrying cannot help. */
  BadJob: 4,
  /** This miner does not hold the seat the job is for. */
  NotSeated: 5,
  /** An input tensor is missing from the data plane (expired TTL or never written). */
  InputMissing: 6,
  /** A stored tensor does not hash to the key it is stored under. */
  TensorCorrupt: 7,
  /** A tensor is larger than the configured limit. */
  TensorTooLarge: 8,
  /** A generation's next decoding step did not arrive in time (a seat of the pipeline died or lags). */
  GenerationStalled: 9,
  /** A generation seat's KV cache does not fit in the miner's memory budget. */
  OverMemoryBudget: 10,
} as const;

export type SidecarCodeValue = (typeof SidecarCode)[keyof typeof SidecarCode];

/** The miner's own errors: the shared NesaError with codespace "sidecar" and a SidecarCode. */
export class SidecarError extends NesaError {
  override name = "SidecarError";
  declare readonly code: SidecarCodeValue;

  constructor(code: SidecarCodeValue, shortMessage: string, details?: string, options?: { cause?: unknown }) {
    super({ codespace: SIDECAR_CODESPACE, code, shortMessage, details, cause: options?.cause, separator: ": " });
  }
}

/** SidecarError codes that no retry can fix. */
const FINAL_CODES = new Set<number>([SidecarCode.BadJob, SidecarCode.NotSeated, SidecarCode.TensorCorrupt, SidecarCode.TensorTooLarge, SidecarCode.GenerationStalled, SidecarCode.OverMemoryBudget]);

/**
 * True when retrying cannot help: a final SidecarError, or a tx failure whose registered {codespace, code}
 * the retry table maps to give-up (TxFailedError.action).
 */
export function isFinalError(err: unknown): err is Error & { codespace: string; code: number } {
  if (err instanceof SidecarError) return FINAL_CODES.has(err.code);
  return typeof err === "object" && err !== null && (err as { action?: unknown }).action === "give-up";
}
