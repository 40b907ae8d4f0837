import type { QueueRegistry } from "./queue-registry";
import type { RedisKeys } from "../redis/redis-keys";
import { SHARD_JOB_NAME, type ShardJobData } from "./shard-job";

/**
 * Adds a job to a miner's queue under a deterministic id: adding an id that exists is a no-op in BullMQ, so the
 * same hand-over from a retried or duplicated job never runs the next step twice.
 */
export async function enqueueSeatJob(queues: QueueRegistry, keys: RedisKeys, miner: string, id: string, data: ShardJobData, keepCompletedSeconds: number): Promise<void> {
  await queues.get(keys.minerQueue(miner)).add(SHARD_JOB_NAME, data, {
    jobId: id,
    attempts: 5,
    backoff: { type: "exponential", delay: 200 },
    removeOnComplete: { age: keepCompletedSeconds },
    removeOnFail: { age: 24 * 3600 },
  });
}
