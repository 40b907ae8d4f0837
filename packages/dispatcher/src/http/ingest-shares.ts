// PUT /v1/inputs/<queryId>/shares/<replica>: an HSS-EE query's two sealed shares for one replica pipeline.
// The client paid before the committee existed, so the chain holds input_commitment = sha256(d0 ‖ d1) over the
// shares' digests, not over the per-seat envelopes. The dispatcher checks the published digests against it;
// each share-seat miner checks, after opening its envelope, that its share has the published digest.
import { hssInputCommitment } from "@nesa/data-plane";
import { payforqueryState } from "@nesa/proto-types";
import { INGEST_STATUSES, toHex } from "../chain/pending-work";
import type { HssUploadStore } from "../store/hss-upload-store";
import { type IngestDeps, type IngestResult, refuse } from "./ingest";

export type IngestSharesDeps = IngestDeps & { shares: HssUploadStore };

const HEX32 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Body: JSON `{shareDigests: [hex, hex], sealed: [base64, base64]}` (envelope n is sealed to share seat n). */
export async function ingestShares(deps: IngestSharesDeps, queryId: string, replicaText: string, body: Buffer): Promise<IngestResult> {
  if (!/^[0-9]{1,20}$/.test(queryId) || BigInt(queryId) >= 2n ** 64n) {
    return refuse(deps, 400, "bad-query-id", `query id must be a decimal u64, got ${JSON.stringify(queryId.slice(0, 40))}`);
  }
  if (!/^[0-9]{1,5}$/.test(replicaText)) return refuse(deps, 400, "bad-replica", "replica must be a small decimal integer");
  const replica = Number(replicaText);
  let parsed: { shareDigests?: unknown; sealed?: unknown };
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return refuse(deps, 400, "bad-body", "body must be JSON {shareDigests: [hex, hex], sealed: [base64, base64]}");
  }
  const { shareDigests, sealed } = parsed ?? {};
  if (!Array.isArray(shareDigests) || shareDigests.length !== 2 || !shareDigests.every((d) => typeof d === "string" && HEX32.test(d))) {
    return refuse(deps, 400, "bad-body", "shareDigests must be two lower-case hex sha256 digests");
  }
  if (!Array.isArray(sealed) || sealed.length !== 2 || !sealed.every((s) => typeof s === "string" && s.length > 0 && BASE64.test(s))) {
    return refuse(deps, 400, "bad-body", "sealed must be two non-empty base64 envelopes");
  }
  const q = await deps.lookup(queryId);
  if (!q) return refuse(deps, 404, "unknown-query", `query ${queryId} does not exist on chain: pay for it first (MsgPayForQuery)`);
  if (q.privacy !== payforqueryState.Privacy.PRIVACY_HSS_EE) {
    return refuse(deps, 409, "not-hss", `query ${queryId} is not an HSS_EE query: upload its input with PUT /v1/inputs/${queryId}`);
  }
  if (!INGEST_STATUSES.has(q.status)) {
    return refuse(deps, 409, "query-closed", `query ${queryId} no longer takes inputs (status ${q.status})`);
  }
  if (q.seats.length === 0) return refuse(deps, 409, "not-assigned", `query ${queryId} has no committee yet: seal the shares to its share seats once assigned`);
  if (replica >= q.replicas) return refuse(deps, 400, "bad-replica", `query ${queryId} has ${q.replicas} replica(s)`);
  const expected = toHex(q.inputCommitment);
  const got = hssInputCommitment([shareDigests[0], shareDigests[1]]);
  if (got !== expected) {
    return refuse(deps, 422, "commitment-mismatch", `sha256(d0 ‖ d1) is ${got} but query ${queryId} committed to ${expected}: publish the digests of the shares you paid for`);
  }
  const blobs = sealed.map((s) => Buffer.from(s, "base64")) as [Buffer, Buffer];
  const upload = await deps.shares.put(queryId, replica, [shareDigests[0], shareDigests[1]], blobs);
  deps.metrics.ingestBytes.inc(blobs[0].length + blobs[1].length);
  deps.onStored?.(queryId);
  return { status: 201, body: { queryId, replica, sealed: upload.sealed, bytes: blobs[0].length + blobs[1].length } };
}
