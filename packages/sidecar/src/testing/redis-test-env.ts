// Shared Redis for tests: every test file gets its own random prefix and deletes exactly its own keys.
import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export function randomPrefix(tag: string): string {
  return `test-${tag}-${randomBytes(5).toString("hex")}`;
}

/** Deletes every key under `prefix:` (SCAN, never FLUSHALL: other engineers' tests share this Redis). */
export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Polls a job until it is completed or failed (BullMQ's QueueEvents would need one more connection per queue). */
export async function waitForJob(queue: Queue, id: string, timeoutMs = 20_000): Promise<"completed" | "failed"> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const state = await queue.getJobState(id);
    if (state === "completed" || state === "failed") return state;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} on ${queue.name} did not finish within ${timeoutMs} ms`);
}

/** Resolves when `predicate` holds, polling; for results that arrive through callbacks. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
