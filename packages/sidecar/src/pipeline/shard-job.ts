// A seat job's payload arrives from Redis: untrusted until parseShardJob has checked it. Its type, name and
// options are the data plane's (@nesa/data-plane shard-job.ts).
import type { ShardJobData } from "@nesa/data-plane";
import { SidecarCode, SidecarError } from "../errors";

/** What a processed job returns (stored by BullMQ as the job's return value). */
export type ShardJobResult = {
  outputDigest: string;
  /** Whether this call committed; false when the seat's result was already recorded by an earlier delivery. */
  recorded: boolean;
  final: boolean;
};

/** Jobs larger than this are refused at the boundary: data goes through the tensor store. */
const MAX_JOB_JSON_BYTES = 4096;

/** Validates untrusted job data; a BadJob error is never retried. */
export function parseShardJob(data: unknown): ShardJobData {
  const bad = (why: string) => new SidecarError(SidecarCode.BadJob, "malformed shard job", why);
  if (typeof data !== "object" || data === null) throw bad("expected an object");
  if (JSON.stringify(data).length > MAX_JOB_JSON_BYTES) throw bad(`job data over ${MAX_JOB_JSON_BYTES} bytes`);
  const d = data as Record<string, unknown>;
  if (typeof d.queryId !== "string" || !/^[0-9]{1,20}$/.test(d.queryId) || BigInt(d.queryId) >= 2n ** 64n) {
    throw bad(`queryId: expected a decimal u64 string, got ${JSON.stringify(d.queryId)}`);
  }
  for (const f of ["shard", "replica"] as const) {
    if (!Number.isInteger(d[f]) || (d[f] as number) < 0 || (d[f] as number) > 1_000) throw bad(`${f}: expected an integer 0-1000, got ${JSON.stringify(d[f])}`);
  }
  if (typeof d.inputKey !== "string" || !/^[0-9a-f]{64}$/.test(d.inputKey)) {
    throw bad(`inputKey: expected a hex sha256, got ${JSON.stringify(d.inputKey)}`);
  }
  const out: ShardJobData = { queryId: d.queryId, shard: d.shard as number, replica: d.replica as number, inputKey: d.inputKey };
  if (d.share !== undefined) {
    if (d.share !== 0 && d.share !== 1) throw bad(`share: expected 0 or 1, got ${JSON.stringify(d.share)}`);
    if (out.shard !== 0) throw bad("share: HSS shares only exist for shard 0");
    out.share = d.share;
  }
  if (d.inputKeys !== undefined) {
    const keys = d.inputKeys;
    if (!Array.isArray(keys) || keys.length !== 2 || !keys.every((k) => typeof k === "string" && /^[0-9a-f]{64}$/.test(k))) {
      throw bad("inputKeys: expected two hex sha256 digests");
    }
    if (out.share !== undefined) throw bad("inputKeys: a share job has one input");
    out.inputKeys = [keys[0], keys[1]];
  }
  if (d.shareDigests !== undefined) {
    const ds = d.shareDigests;
    if (!Array.isArray(ds) || ds.length !== 2 || !ds.every((k) => typeof k === "string" && /^[0-9a-f]{64}$/.test(k))) {
      throw bad("shareDigests: expected two hex sha256 digests");
    }
    if (out.share === undefined) throw bad("shareDigests: only share jobs carry share digests");
    out.shareDigests = [ds[0], ds[1]];
  }
  return out;
}
