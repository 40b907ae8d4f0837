// One error shape for chain, client, miner and model store (STYLE.md): {codespace, code, shortMessage, details,
// cause}. Callers branch on (codespace, code), never on message text. Each side registers its own codespace and
// stable codes (1 reserved, never renumbered, as in the Cosmos SDK) and extends NesaError.

export interface NesaErrorParameters {
  readonly codespace: string;
  readonly code: number;
  /** One line: what went wrong. */
  readonly shortMessage: string;
  /** What to do next, or the data behind the failure. */
  readonly details?: string;
  readonly cause?: unknown;
  /** Separator between shortMessage and details in `message` (default a blank line). */
  readonly separator?: string;
}

/**
 * Base of every error the project throws on purpose.
 *
 * @example
 * try { await client.infer({ model: "lande", input: "bonjour", privacy: "ee" }); }
 * catch (e) { if (isNesaError(e) && e.codespace === "payforquery" && e.code === 3) raiseMaxFee(); }
 */
export class NesaError extends Error {
  override name = "NesaError";
  readonly codespace: string;
  readonly code: number;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(p: NesaErrorParameters) {
    super(p.details ? `${p.shortMessage}${p.separator ?? "\n\n"}${p.details}` : p.shortMessage, p.cause === undefined ? undefined : { cause: p.cause });
    this.codespace = p.codespace;
    this.code = p.code;
    this.shortMessage = p.shortMessage;
    this.details = p.details;
  }

  /** Plain data for `--json` output and logs. */
  toJSON(): { name: string; codespace: string; code: number; shortMessage: string; details?: string } {
    return { name: this.name, codespace: this.codespace, code: this.code, shortMessage: this.shortMessage, ...(this.details ? { details: this.details } : {}) };
  }
}

/**
 * True for anything with the shared shape, also across copies of this package (bundles, workers): a NesaError,
 * or a plain object with a string codespace, a numeric code and a shortMessage.
 */
export function isNesaError(err: unknown): err is NesaError {
  if (err instanceof NesaError) return true;
  const e = err as { codespace?: unknown; code?: unknown; shortMessage?: unknown } | null;
  return typeof e === "object" && e !== null && typeof e.codespace === "string" && typeof e.code === "number" && typeof e.shortMessage === "string";
}
