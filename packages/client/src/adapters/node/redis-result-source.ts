// NODE-ONLY ADAPTER: reads result tensors straight from the data plane's Redis (ioredis), under the tensor key
// of @nesa/data-plane RedisKeys: `<prefix>:tensor:<digestHex>`. Bytes read here are still checked against the
// verdict's digest by fetchResult.
import { RedisKeys } from "@nesa/data-plane";
import { Redis } from "ioredis";
import type { ResultSource } from "../../data-plane/data-plane";

/**
 * @example
 * const results = createRedisResultSource("redis://127.0.0.1:6379", "nesa");
 * const bytes = await results.getTensor(digestHex);
 */
export function createRedisResultSource(redisUrl: string, prefix = "nesa"): ResultSource {
  const keys = new RedisKeys(prefix);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on("error", () => {}); // surfaced by the failing command instead of an unhandled event
  return {
    name: `redis ${redisUrl.replace(/\/\/[^@]*@/, "//")} (${prefix})`,
    async getTensor(digestHex) {
      const bytes = await redis.getBuffer(keys.tensor(digestHex));
      return bytes ? new Uint8Array(bytes) : undefined;
    },
    async close() {
      redis.disconnect();
    },
  };
}
