// Re-reads a query's lifecycle record until a condition holds, reporting every status it passes through. With a
// QueryEventSource it re-reads only when a block's events name the query with a kind in `wakeOn` (plus a slow
// fallback re-read), so a pending query costs no request per block; with a BlockSource it re-reads right after
// each new block; with neither it polls every `pollMs` (fakes, or environments without a chain follower).
import { inferenceState } from "@nesa/proto-types";
import type { BlockSource } from "../chain/block-waiter";
import type { QueryEventKind, QueryEventSource } from "../chain/query-events";
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
  /** Event-driven (takes precedence over `blocks`): re-read when a block's events name the query. */
  readonly events?: QueryEventSource;
  /** Event kinds that trigger a re-read (default: all but "committed"); "failed" always does. */
  readonly wakeOn?: readonly QueryEventKind[];
  /** With `events`: a record read after this height is known not to satisfy `until`, so start by listening. */
  readonly after?: bigint;
  /** With `events`: every event naming the query, as it is seen (progress without a read). */
  readonly onEvent?: (kind: QueryEventKind) => void;
  /** With `events`: re-read after this long without an event naming the query (default 2000 ms). */
  readonly fallbackMs?: number;
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
  if (p.events) return waitForQueryEvents(p, p.events);
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

const DEFAULT_WAKE_ON: readonly QueryEventKind[] = ["assigned", "revealStarted", "finalized", "failed"];

async function waitForQueryEvents(p: WaitForQueryParameters, events: QueryEventSource): Promise<inferenceState.InferenceQuery> {
  const start = Date.now();
  const wakeOn = new Set([...(p.wakeOn ?? DEFAULT_WAKE_ON), "failed"]);
  let last: inferenceState.InferenceQuery | undefined;
  // Events above `mark` have not been reflected in a read yet.
  let mark = p.after;
  let read = mark === undefined;
  for (;;) {
    if (read) {
      // Mark before reading: an event in a block handed on during the read must still wake the next wait.
      mark = events.height;
      const q = await p.getQuery(p.queryId);
      if (q.status !== last?.status) p.onStatus?.(q);
      last = q;
      if (p.until(q)) return q;
      if (q.status === QueryStatus.QUERY_STATUS_FAILED) throw new QueryFailedError(p.queryId, failureText(q));
    }
    const left = p.timeoutMs - (Date.now() - start);
    if (left < 0) {
      const status = last ? (QueryStatus[last.status] ?? last.status) : "not read yet";
      throw new NesaTimeoutError(p.what, p.timeoutMs, `query ${p.queryId} is ${status}; check it later with \`nesa query show ${p.queryId}\``);
    }
    const seen = await events.next(p.queryId, mark!, Math.min(p.fallbackMs ?? 2000, left + 1));
    for (const k of seen.kinds) p.onEvent?.(k);
    // No event before the fallback delay: re-read anyway (a missed block must not hang the wait).
    read = seen.kinds.length === 0 || seen.kinds.some((k) => wakeOn.has(k));
    if (!read) mark = seen.height;
  }
}
