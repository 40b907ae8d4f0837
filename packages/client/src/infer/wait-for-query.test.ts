import { inferenceState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { NesaTimeoutError, QueryFailedError } from "../errors/nesa-error";
import { BlockWaiter } from "../chain/block-waiter";
import { stepOf, waitForQuery } from "./wait-for-query";

const S = inferenceState.QueryStatus;
const rec = (status: inferenceState.QueryStatus, extra: Partial<inferenceState.InferenceQuery> = {}) =>
  inferenceState.InferenceQuery.fromPartial({ id: 5n, status, ...extra });

function scripted(statuses: inferenceState.InferenceQuery[]) {
  let i = 0;
  return async () => statuses[Math.min(i++, statuses.length - 1)];
}

describe("waitForQuery", () => {
  it("reports each new status once and returns the record that satisfies the condition", async () => {
    const seen: string[] = [];
    const q = await waitForQuery({
      queryId: 5n, what: "the verdict", timeoutMs: 10_000, pollMs: 0, sleep: async () => {},
      getQuery: scripted([rec(S.QUERY_STATUS_PAID), rec(S.QUERY_STATUS_PAID), rec(S.QUERY_STATUS_COMMITTING), rec(S.QUERY_STATUS_REVEALING), rec(S.QUERY_STATUS_FINALIZED)]),
      until: (r) => r.status === S.QUERY_STATUS_FINALIZED,
      onStatus: (r) => seen.push(stepOf(r.status)),
    });
    expect(q.status).toBe(S.QUERY_STATUS_FINALIZED);
    expect(seen).toEqual(["paid", "committed", "revealed", "finalized"]);
  });

  it("with a block source, re-reads once per new block and never sleeps a poll interval", async () => {
    const blocks = new BlockWaiter(60_000);
    blocks.seen(10n);
    const statuses = [rec(S.QUERY_STATUS_PAID), rec(S.QUERY_STATUS_ASSIGNED), rec(S.QUERY_STATUS_FINALIZED)];
    let reads = 0;
    const done = waitForQuery({
      queryId: 5n, what: "the verdict", timeoutMs: 10_000, pollMs: 60_000, blocks,
      sleep: () => Promise.reject(new Error("slept instead of waiting for a block")),
      getQuery: async () => statuses[Math.min(reads++, statuses.length - 1)],
      until: (r) => r.status === S.QUERY_STATUS_FINALIZED,
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(reads).toBe(1); // no block yet: one read, then waiting
    blocks.seen(11n);
    await new Promise((r) => setTimeout(r, 10));
    expect(reads).toBe(2);
    blocks.seen(12n);
    expect((await done).status).toBe(S.QUERY_STATUS_FINALIZED);
    expect(reads).toBe(3);
  });

  it("throws QueryFailedError with the chain's reason when the query fails", async () => {
    const failed = rec(S.QUERY_STATUS_FAILED, { verdict: { status: S.QUERY_STATUS_FAILED, reason: inferenceState.FailureReason.FAILURE_REASON_NO_MAJORITY } as inferenceState.Verdict });
    const err = await waitForQuery({ queryId: 5n, what: "x", timeoutMs: 10_000, pollMs: 0, sleep: async () => {}, getQuery: scripted([failed]), until: () => false }).catch((e) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(err.shortMessage).toContain("no majority");
    expect(err).toMatchObject({ codespace: "nesa-client", code: 9 });
  });

  it("gives up after the timeout with a hint naming the query", async () => {
    const err = await waitForQuery({ queryId: 5n, what: "a committee", timeoutMs: 0, pollMs: 0, sleep: async () => {}, getQuery: scripted([rec(S.QUERY_STATUS_PAID)]), until: () => false }).catch((e) => e);
    // timeoutMs 0: the first poll may still be inside the window; the loop must end either way.
    expect(err).toBeInstanceOf(NesaTimeoutError);
    expect(err.details).toContain("nesa query show 5");
  });
});
