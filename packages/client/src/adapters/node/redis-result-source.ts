// NODE-ONLY ADAPTER: reads result tensors straight from the data plane's Redis (ioredis; one server or a Redis
// Cluster), under the tensor key of @nesa/data-plane RedisKeys: `<prefix>:tensor:<digestHex>`. Bytes read here
// are still checked against the verdict's digest by fetchResult.
import { RedisKeys } from "@nesa/data-plane";
import type { ResultSource } from "../../data-plane/data-plane";
import { connectClientRedis, redisSourceName } from "./redis-connection";

/**
 * @example
 * const results = createRedisResultSource("redis://127.0.0.1:6379", "nesa");
 * const bytes = await results.getTensor(digestHex);
 */
export function createRedisResultSource(redisUrl: string, prefix = "nesa"): ResultSource {
  const keys = new RedisKeys(prefix);
  const redis = connectClientRedis(redisUrl);
  return {
    name: redisSourceName(redisUrl, prefix),
    async getTensor(digestHex) {
      const bytes = await redis.getBuffer(keys.tensor(digestHex));
      return bytes ? new Uint8Array(bytes) : undefined;
    },
    async close() {
      redis.disconnect();
    },
  };
}
