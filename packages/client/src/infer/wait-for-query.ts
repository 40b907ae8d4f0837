// Re-reads a query's lifecycle record until a condition holds, reporting every status it passes through. With a
// BlockSource it re-reads right after each new block (state only changes at blocks); without one it polls every
// `pollMs` (fakes, or environments without a chain follower).
import { inferenceState } from "@nesa/proto-types";
import type { BlockSource } from "../chain/block-waiter";
import { NesaTimeoutError, QueryFailedError } from "../errors/nesa-error";

const { QueryStatus, FailureReason } = inferenceState;

/** The steps of a query the progress display shows, in order. */
export type QueryStep = "paid" | "assigned" | "committed" | "revealed" | "finalized" | "failed";

/** Maps the chain's status to the step the user sees. COMMITTING means commits are arriving. */
export function stepOf(status: inferenceState.QueryStatus): QueryStep {
  switch (status) {
    case QueryStatus.QUERY_STATUS_ASSIGNED:
      return "assigned";
    case QueryStatus.QUERY_STATUS_COMMITTING:
      return "committed";
    case QueryStatus.QUERY_STATUS_REVEALING:
      return "revealed";
    case QueryStatus.QUERY_STATUS_FINALIZED:
      return "finalized";
    case QueryStatus.QUERY_STATUS_FAILED:
      return "failed";
    default:
      return "paid";
  }
}

export interface WaitForQueryParameters {
  readonly queryId: bigint;
  readonly getQuery: (id: bigint) => Promise<inferenceState.InferenceQuery>;
  /** Resolves when this returns true for the record. */
  readonly until: (q: inferenceState.InferenceQuery) => boolean;
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** Called once per new status seen, with the record. */
  readonly onStatus?: (q: inferenceState.InferenceQuery) => void;
  /** Block-driven: wait for the next block instead of sleeping `pollMs`. */
  readonly blocks?: BlockSource;
  /** Test seam: sleeps between polls (without `blocks`). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why a FAILED query failed, in words. */
export function failureText(q: inferenceState.InferenceQuery): string {
  const reason = q.verdict?.reason ?? FailureReason.FAILURE_REASON_UNSPECIFIED;
  return (FailureReason[reason] ?? String(reason)).replace(/^FAILURE_REASON_/, "").toLowerCase().replaceAll("_", " ");
}

/**
 * Re-reads until `until(record)` holds; throws QueryFailedError if the query ends FAILED first, NesaTimeoutError
 * after `timeoutMs`.
 *
 * @example
 * const q = await waitForQuery({ queryId, getQuery: (id) => ext.inference.query(id), until: (r) => r.seats.length > 0, what: "a committee", timeoutMs: 60_000, pollMs: 200 });
 */
export async function waitForQuery(p: WaitForQueryParameters): Promise<inferenceState.InferenceQuery> {
  const sleep = p.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = Date.now();
  let last: inferenceState.QueryStatus | undefined;
  for (;;) {
    // Mark before reading: a block committed between the read and the wait must not be waited for again.
    const mark = p.blocks?.height ?? 0n;
    const q = await p.getQuery(p.queryId);
    if (q.status !== last) {
      last = q.status;
      p.onStatus?.(q);
    }
    if (p.until(q)) return q;
    if (q.status === QueryStatus.QUERY_STATUS_FAILED) throw new QueryFailedError(p.queryId, failureText(q));
    if (Date.now() - start > p.timeoutMs) {
      throw new NesaTimeoutError(p.what, p.timeoutMs, `query ${p.queryId} is ${QueryStatus[q.status] ?? q.status}; check it later with \`nesa query show ${p.queryId}\``);
    }
    await (p.blocks ? p.blocks.next(mark) : sleep(p.pollMs));
  }
}
