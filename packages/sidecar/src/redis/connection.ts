import { Redis } from "ioredis";

/** An ioredis connection as BullMQ needs it: blocking commands must never time out on a retry count. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
