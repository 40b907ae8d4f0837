// Admission control, the client's side: when a model already has max_open_queries_per_model open queries the
// chain refuses MsgPayForQuery with payforquery code 19 (ErrModelBusy) and changes nothing, so paying again a
// little later is safe. The SDK does that itself, with exponential backoff and a bounded number of attempts;
// after the last one the chain's error is thrown as is (its message says what to do).
import { isNesaError } from "../errors/nesa-error";

/** x/payforquery ErrModelBusy (packages/chain/src/x/payforquery/errors.ts): {codespace, code}. */
export const MODEL_BUSY = { codespace: "payforquery", code: 19 } as const;

export interface BusyRetryOptions {
  /** Attempts in all, the first included (default 8; 1 = no retry). */
  readonly maxAttempts?: number;
  /** Wait before the second attempt, doubled each time (default 500 ms, about the blocks a few queries take). */
  readonly baseDelayMs?: number;
  /** Longest single wait (default 8,000 ms). */
  readonly maxDelayMs?: number;
  /** Tests: a clock of their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter in [0, 1) (default Math.random): spreads a burst's retries instead of sending them again together. */
  readonly random?: () => number;
}

export function isModelBusy(err: unknown): boolean {
  return isNesaError(err) && err.codespace === MODEL_BUSY.codespace && err.code === MODEL_BUSY.code;
}

/** The wait after `failures` busy refusals (1, 2, …): base·2^(failures−1), capped, scaled by a jitter in [0.5, 1). */
export function busyDelay(failures: number, o: BusyRetryOptions = {}): number {
  const base = o.baseDelayMs ?? 500;
  const cap = o.maxDelayMs ?? 8_000;
  const raw = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return Math.round(raw * (0.5 + 0.5 * (o.random ?? Math.random)()));
}

/** Runs `attempt` until it does not fail with ErrModelBusy, at most `maxAttempts` times. */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, o: BusyRetryOptions = {}): Promise<T> {
  const max = Math.max(1, o.maxAttempts ?? 8);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let failures = 0; ; ) {
    try {
      return await attempt();
    } catch (err) {
      failures++;
      if (!isModelBusy(err) || failures >= max) throw err;
      await sleep(busyDelay(failures, o));
    }
  }
}
