// The job a seat's miner takes from its BullMQ queue (RedisKeys.minerQueue): enqueued by the dispatcher for
// shard 0 and by each miner for the next shard, always under the seat's job id and with the same options, so
// every job of a pipeline is deduplicated, retried and expired alike. Miners validate the payload on receipt
// (packages/sidecar parseShardJob).

/** BullMQ job name of every seat job. */
export const SHARD_JOB_NAME = "shard";

/** Payload of one seat's job. Tensors travel by reference (their data-plane digest), never inline. */
export type ShardJobData = {
  /** Chain query id (decimal u64 as a string: JSON has no bigint). */
  queryId: string;
  shard: number;
  replica: number;
  /** Digest of the input tensor in the data plane (for HSS: of this miner's sealed share). */
  inputKey: string;
  /** HSS only: which additive share this job runs (0 or 1) through the model's share stage. */
  share?: 0 | 1;
  /** HSS only: the combine job's two inputs, share 0's and share 1's partial results, in that order. */
  inputKeys?: [string, string];
  /** HSS share jobs: sha256 of share 0's and share 1's encoding, as the client published them. */
  shareDigests?: [string, string];
};

/** The BullMQ options (a subset of its JobsOptions) every seat job is added with. */
export type SeatJobOptions = {
  jobId: string;
  attempts: number;
  backoff: { type: "exponential"; delay: number };
  removeOnComplete: { age: number };
  removeOnFail: { age: number };
};

/**
 * Options of a seat job: a deterministic id (adding an existing id is a no-op in BullMQ), 5 attempts with
 * exponential backoff from 200 ms, completed jobs kept `keepCompletedSeconds`, failed ones a day.
 *
 * @example
 * await queue.add(SHARD_JOB_NAME, data, seatJobOptions(jobId(data), 3600));
 */
export function seatJobOptions(id: string, keepCompletedSeconds: number): SeatJobOptions {
  if (!Number.isFinite(keepCompletedSeconds) || keepCompletedSeconds < 0) throw new RangeError(`keepCompletedSeconds: expected a number ≥ 0, got ${keepCompletedSeconds}`);
  return {
    jobId: id,
    attempts: 5,
    backoff: { type: "exponential", delay: 200 },
    removeOnComplete: { age: keepCompletedSeconds },
    removeOnFail: { age: 24 * 3600 },
  };
}
