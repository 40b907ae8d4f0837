// PUT /v1/inputs/<queryId> on a query that already moved on: the right bytes late are fine (idempotent PUT), wrong
// bytes are still refused, and a failed query still takes nothing. The chain lookup and the store are fakes here:
// what is tested is the decision (the route on real nesad and Redis is in dispatcher.test.ts).
import { createHash, randomBytes } from "node:crypto";
import { inferenceState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { DispatcherMetrics } from "../metrics/dispatcher-metrics";
import type { InputStore } from "../store/input-store";
import { ingestInput } from "./ingest";

const { QueryStatus } = inferenceState;
const body = randomBytes(64);
const digest = createHash("sha256").update(body).digest();

function deps(status: inferenceState.QueryStatus) {
  const stored: string[] = [];
  const inputs = { put: async (d: string) => void stored.push(d) } as unknown as InputStore;
  const record = { status, inputCommitment: new Uint8Array(digest) } as inferenceState.InferenceQuery;
  return { stored, deps: { lookup: async () => record, inputs, metrics: new DispatcherMetrics() } };
}

describe("ingestInput on a query past its commit phase", () => {
  it("answers 200 without storing for REVEALING and FINALIZED when the bytes match the commitment", async () => {
    for (const status of [QueryStatus.QUERY_STATUS_REVEALING, QueryStatus.QUERY_STATUS_FINALIZED]) {
      const { stored, deps: d } = deps(status);
      const r = await ingestInput(d, "7", body);
      expect(r.status).toBe(200);
      expect(r.body.stored).toBe(false);
      expect(stored).toEqual([]);
    }
  });

  it("still refuses other bytes (422) and any upload for a FAILED query (409)", async () => {
    expect((await ingestInput(deps(QueryStatus.QUERY_STATUS_REVEALING).deps, "7", randomBytes(64))).status).toBe(422);
    expect((await ingestInput(deps(QueryStatus.QUERY_STATUS_FAILED).deps, "7", body)).status).toBe(409);
  });

  it("stores and answers 201 while the query still takes inputs", async () => {
    const { stored, deps: d } = deps(QueryStatus.QUERY_STATUS_ASSIGNED);
    expect((await ingestInput(d, "7", body)).status).toBe(201);
    expect(stored).toEqual([digest.toString("hex")]);
  });
});
