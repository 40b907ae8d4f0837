import { SidecarCode, SidecarError } from "../errors";

/** Payload of one seat's job. Tensors travel by reference (their data-plane digest), never inline. */
export type ShardJobData = {
  /** Chain query id (decimal u64 as a string: JSON has no bigint). */
  queryId: string;
  shard: number;
  replica: number;
  /** Digest of the input tensor in the data plane (for HSS: of this miner's sealed share). */
  inputKey: string;
};

/** What a processed job returns (stored by BullMQ as the job's return value). */
export type ShardJobResult = {
  outputDigest: string;
  /** Whether this call committed; false when the seat's result was already recorded by an earlier delivery. */
  recorded: boolean;
  final: boolean;
};

export const SHARD_JOB_NAME = "shard";
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
  return { queryId: d.queryId, shard: d.shard as number, replica: d.replica as number, inputKey: d.inputKey };
}
