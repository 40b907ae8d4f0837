// Puts shard-0 jobs in the seat miners' BullMQ queues with the sidecar's job id `query/shard/replica`,
// so enqueueing a seat twice is a no-op and a rebuild after data loss re-creates the very same ids.
import type { QueueRegistry } from "../../../sidecar/src/pipeline/queue-registry";
import { SHARD_JOB_NAME, type ShardJobData } from "../../../sidecar/src/pipeline/shard-job";
import { type RedisKeys, jobId, shareJobId } from "../../../sidecar/src/redis/redis-keys";

export type Shard0Job = { miner: string; data: ShardJobData };

/** The sidecar's job id: `query/0/replica`, or `query/0/replica/share-N` for an HSS share job. */
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
    // Same options as the sidecar's next-shard jobs, so every job of a pipeline retries and expires alike.
    await queue.add(SHARD_JOB_NAME, data, {
      jobId: id,
      attempts: 5,
      backoff: { type: "exponential", delay: 200 },
      removeOnComplete: { age: this.keepCompletedSeconds },
      removeOnFail: { age: 24 * 3600 },
    });
    return true;
  }
}
