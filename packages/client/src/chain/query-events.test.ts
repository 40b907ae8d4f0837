// Event-driven query waits: a stream of FollowedBlocks drives waitForQuery, which re-reads the query only when a
// block's events name it with a kind that matters, and falls back to a slow re-read when an event is missed.
import { inferenceState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { waitForQuery } from "../infer/wait-for-query";
import type { FollowedBlock, FollowedEvent } from "./followed-block";
import { QueryEvents } from "./query-events";

const S = inferenceState.QueryStatus;
const ev = (name: string, queryId: bigint): FollowedEvent => ({ type: `nesa.inference.v1.${name}`, attributes: [{ key: "query_id", value: `"${queryId}"` }] });
const block = (height: bigint, events: FollowedEvent[] = [], txEvents: FollowedEvent[] = []): FollowedBlock => ({
  height,
  txs: txEvents.length ? [{ hash: `H${height}`, code: 0, codespace: "", log: "", data: new Uint8Array(), events: txEvents }] : [],
  events,
});
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("QueryEvents + waitForQuery", () => {
  it("a block stream drives a wait to completion, reading the query only when an event names it", async () => {
    const events = new QueryEvents();
    events.onBlock(block(10n));
    let status = S.QUERY_STATUS_PAID;
    let reads = 0;
    const kinds: string[] = [];
    const done = waitForQuery({
      queryId: 5n, what: "the verdict", timeoutMs: 10_000, pollMs: 0, events, fallbackMs: 60_000,
      getQuery: async () => {
        reads++;
        return inferenceState.InferenceQuery.fromPartial({ id: 5n, status });
      },
      until: (q) => q.status === S.QUERY_STATUS_FINALIZED,
      onEvent: (k) => kinds.push(k),
    });
    await tick();
    expect(reads).toBe(1); // the first read, then listening
    // Blocks about other queries, and a commit of ours (progress only): no read.
    for (let h = 11n; h <= 20n; h++) events.onBlock(block(h, [ev("EventQueryFinalized", 6n)], [ev("EventResultCommitted", h === 15n ? 5n : 7n)]));
    await tick();
    expect(reads).toBe(1);
    expect(kinds).toEqual(["committed"]);
    status = S.QUERY_STATUS_FINALIZED;
    events.onBlock(block(21n, [ev("EventRevealPhaseStarted", 5n), ev("EventQueryFinalized", 5n)]));
    expect((await done).status).toBe(S.QUERY_STATUS_FINALIZED);
    expect(reads).toBe(2);
    expect(kinds).toEqual(["committed", "revealStarted", "finalized"]);
  });

  it("an event in a block handed on while the first read was in flight still wakes the wait", async () => {
    const events = new QueryEvents();
    events.onBlock(block(10n));
    let reads = 0;
    const q = await waitForQuery({
      queryId: 5n, what: "a committee", timeoutMs: 10_000, pollMs: 0, events, fallbackMs: 60_000,
      getQuery: async () => {
        reads++;
        if (reads === 1) {
          // The assigning block arrives while the (stale) answer is on its way.
          events.onBlock(block(11n, [ev("EventQueryAssigned", 5n)]));
          return inferenceState.InferenceQuery.fromPartial({ id: 5n, status: S.QUERY_STATUS_PAID });
        }
        return inferenceState.InferenceQuery.fromPartial({ id: 5n, status: S.QUERY_STATUS_ASSIGNED, seats: [{ miner: "m" }] });
      },
      until: (r) => r.seats.length > 0,
    });
    expect(q.status).toBe(S.QUERY_STATUS_ASSIGNED);
    expect(reads).toBe(2);
  });

  it("a missed event falls back to a re-read after fallbackMs", async () => {
    const events = new QueryEvents();
    events.onBlock(block(10n));
    let reads = 0;
    const started = Date.now();
    const q = await waitForQuery({
      queryId: 5n, what: "the verdict", timeoutMs: 10_000, pollMs: 0, events, fallbackMs: 50, after: 10n,
      getQuery: async () => {
        reads++;
        return inferenceState.InferenceQuery.fromPartial({ id: 5n, status: S.QUERY_STATUS_FINALIZED });
      },
      until: (r) => r.status === S.QUERY_STATUS_FINALIZED,
    });
    expect(q.status).toBe(S.QUERY_STATUS_FINALIZED);
    expect(reads).toBe(1); // `after`: no first read; the only read is the fallback's
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("a failure event ends the wait with the chain's reason", async () => {
    const events = new QueryEvents();
    const failed = inferenceState.InferenceQuery.fromPartial({ id: 5n, status: S.QUERY_STATUS_FAILED, verdict: { reason: inferenceState.FailureReason.FAILURE_REASON_NO_MAJORITY } });
    let status: inferenceState.InferenceQuery = inferenceState.InferenceQuery.fromPartial({ id: 5n, status: S.QUERY_STATUS_REVEALING });
    const done = waitForQuery({ queryId: 5n, what: "the verdict", timeoutMs: 10_000, pollMs: 0, events, fallbackMs: 60_000, getQuery: async () => status, until: () => false, wakeOn: ["finalized"] }).catch((e) => e);
    await tick();
    status = failed;
    events.onBlock(block(3n, [ev("EventQueryFailed", 5n)]));
    expect((await done).shortMessage).toMatch(/no majority/);
  });

  it("forgets events older than keepBlocks", () => {
    const events = new QueryEvents(2);
    events.onBlock(block(1n, [ev("EventQueryAssigned", 5n)]));
    events.onBlock(block(2n));
    events.onBlock(block(3n));
    return expect(Promise.race([events.next(5n, 0n, 20).then((s) => s.kinds), tick().then(() => "pending")])).resolves.toEqual("pending");
  });
});
