// PUT /v1/inputs/<queryId>: accepts a query's encrypted input only if sha256(body) equals the
// input_commitment the payer put on chain, so nobody can make miners compute on a substituted blob.
import { createHash } from "node:crypto";
import { inferenceState } from "@nesa/proto-types";
import { INGEST_STATUSES, toHex } from "../chain/pending-work";
import type { DispatcherMetrics } from "../metrics/dispatcher-metrics";
import type { InputStore } from "../store/input-store";

export type IngestDeps = {
  /** The chain's record of a query, undefined if unknown. */
  lookup: (queryId: string) => Promise<inferenceState.InferenceQuery | undefined>;
  inputs: InputStore;
  metrics: DispatcherMetrics;
  /** Called after a blob was stored, so its jobs can be enqueued without waiting for a block. */
  onStored?: (queryId: string) => void;
};

const { QueryStatus } = inferenceState;

export type IngestResult = { status: number; body: Record<string, unknown> };

export const refuse = (deps: Pick<IngestDeps, "metrics">, status: number, reason: string, error: string): IngestResult => {
  deps.metrics.ingestRejected.inc({ reason });
  return { status, body: { error, reason } };
};

export async function ingestInput(deps: IngestDeps, queryId: string, body: Buffer): Promise<IngestResult> {
  if (!/^[0-9]{1,20}$/.test(queryId) || BigInt(queryId) >= 2n ** 64n) {
    return refuse(deps, 400, "bad-query-id", `query id must be a decimal u64, got ${JSON.stringify(queryId.slice(0, 40))}`);
  }
  if (body.length === 0) return refuse(deps, 400, "empty", "empty body: send the encrypted input bytes");
  const q = await deps.lookup(queryId);
  if (!q) return refuse(deps, 404, "unknown-query", `query ${queryId} does not exist on chain: pay for it first (MsgPayForQuery)`);
  const digest = createHash("sha256").update(body).digest("hex");
  const expected = toHex(q.inputCommitment);
  if (digest !== expected) {
    return refuse(deps, 422, "commitment-mismatch", `sha256 of the body is ${digest} but query ${queryId} committed to ${expected}: upload the exact encrypted input you paid for`);
  }
  if (!INGEST_STATUSES.has(q.status)) {
    // PUT is idempotent: past the commit phase the miners evidently had this very input (uploaded earlier, by
    // digest, or for an earlier query with the same bytes), so the right input arriving late is not an error.
    if (q.status === QueryStatus.QUERY_STATUS_REVEALING || q.status === QueryStatus.QUERY_STATUS_FINALIZED) {
      return { status: 200, body: { queryId, digest, bytes: body.length, stored: false, note: "the query is past its commit phase: its input was not needed any more" } };
    }
    return refuse(deps, 409, "query-closed", `query ${queryId} no longer takes inputs (status ${q.status}): only PAID, ASSIGNED or COMMITTING queries do`);
  }
  await deps.inputs.put(digest, body);
  deps.metrics.ingestBytes.inc(body.length);
  deps.onStored?.(queryId);
  return { status: 201, body: { queryId, digest, bytes: body.length } };
}
