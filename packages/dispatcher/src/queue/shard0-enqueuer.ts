// Puts shard-0 jobs in the seat miners' BullMQ queues with the data plane's job id `query/shard/replica`,
// so enqueueing a seat twice is a no-op and a rebuild after data loss re-creates the very same ids.
import { type RedisKeys, SHARD_JOB_NAME, type ShardJobData, jobId, seatJobOptions, shareJobId } from "@nesa/data-plane";
import type { QueueRegistry } from "../../../sidecar/src/pipeline/queue-registry";

export type Shard0Job = { miner: string; data: ShardJobData };

/** The seat job's id: `query/0/replica`, or `query/0/replica/share-N` for an HSS share job. */
export const seatJobId = (data: ShardJobData): string => (data.share === undefined ? jobId(data) : shareJobId(data, data.share));

export class Shard0Enqueuer {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly keys: RedisKeys,
    private readonly keepCompletedSeconds: number,
  ) {}

  /** True when the job was created, false when a job with that id already existed. */
  async enqueue({ miner, data }: Shard0Job): Promise<boolean> {
    const queue = this.queues.get(this.keys.minerQueue(miner));
    const id = seatJobId(data);
    // BullMQ's add() returns the existing job for a duplicate id without telling; look first to count honestly.
    if (await queue.getJob(id)) return false;
    // The options every seat job has (the miners' next-shard jobs too): a pipeline's jobs retry and expire alike.
    await queue.add(SHARD_JOB_NAME, data, seatJobOptions(id, this.keepCompletedSeconds));
    return true;
  }
}
