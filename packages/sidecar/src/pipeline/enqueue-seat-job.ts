import { type RedisKeys, SHARD_JOB_NAME, type ShardJobData, seatJobOptions } from "@nesa/data-plane";
import type { QueueRegistry } from "./queue-registry";

/**
 * Adds a job to a miner's queue under a deterministic id: adding an id that exists is a no-op in BullMQ, so the
 * same hand-over from a retried or duplicated job never runs the next step twice.
 */
export async function enqueueSeatJob(queues: QueueRegistry, keys: RedisKeys, miner: string, id: string, data: ShardJobData, keepCompletedSeconds: number): Promise<void> {
  await queues.get(keys.minerQueue(miner)).add(SHARD_JOB_NAME, data, seatJobOptions(id, keepCompletedSeconds));
}
