// PUT /v1/inputs/sha256/<digest>: an EE input uploaded *before* its query is paid, so miners can start as soon as
// the pay block assigns the committee instead of waiting one more round trip for the upload. Nothing on chain
// vouches for it yet, so the only check is that the bytes hash to the path; the chain's input_commitment later
// picks it up by that digest (the pass's `inputs.ensure`). Unpaid uploads cost the sender the body-size limit
// and expire with the input TTL (Redis) and the spool's retention.
import { createHash } from "node:crypto";
import { type IngestDeps, type IngestResult, refuse } from "./ingest";

const HEX32 = /^[0-9a-f]{64}$/;

export async function ingestByDigest(deps: Pick<IngestDeps, "inputs" | "metrics">, digestText: string, body: Buffer): Promise<IngestResult> {
  if (!HEX32.test(digestText)) {
    return refuse(deps, 400, "bad-digest", `digest must be 64 lower-case hex chars (sha256 of the body), got ${JSON.stringify(digestText.slice(0, 80))}`);
  }
  if (body.length === 0) return refuse(deps, 400, "empty", "empty body: send the encrypted input bytes");
  const digest = createHash("sha256").update(body).digest("hex");
  if (digest !== digestText) {
    return refuse(deps, 422, "digest-mismatch", `sha256 of the body is ${digest}, not ${digestText}: upload the exact encrypted input you will commit to`);
  }
  await deps.inputs.put(digest, body);
  deps.metrics.ingestBytes.inc(body.length);
  deps.metrics.inputsPreuploaded.inc();
  // No follower refresh: the query is not paid yet, and the pass of the block that assigns it finds the input.
  return { status: 201, body: { digest, bytes: body.length } };
}
