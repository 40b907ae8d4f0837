// NODE-ONLY ADAPTER: the client's connection to the data plane's Redis, one server or a Redis Cluster (ioredis'
// Cluster client) as @nesa/data-plane redisTarget reads the URL: `redis-cluster://host:port,…`, or
// REDIS_CLUSTER_NODES=host:port,… in the environment. Lazy, and a command fails after 2 retries instead of
// waiting for ever: a client reads results, and fetchResult says what to do when they are not there.
import { redactRedisUrl, redisTarget } from "@nesa/data-plane";
import { Cluster, Redis } from "ioredis";

export type ClientRedis = Redis | Cluster;

const OPTIONS = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;

export function connectClientRedis(redisUrl: string, env: Record<string, string | undefined> = process.env): ClientRedis {
  const t = redisTarget(redisUrl, env);
  const redis: ClientRedis =
    t.kind === "single"
      ? new Redis(t.url, OPTIONS)
      : new Cluster(t.nodes, { lazyConnect: true, enableOfflineQueue: true, retryDelayOnFailover: 200, retryDelayOnClusterDown: 200, redisOptions: { maxRetriesPerRequest: 2, ...(t.password ? { password: t.password } : {}) } });
  redis.on("error", () => {}); // surfaced by the failing command instead of an unhandled event
  return redis;
}

/** A second connection to the same server or cluster (blocking reads hold theirs). */
export function duplicateClientRedis(r: ClientRedis): ClientRedis {
  const dup: ClientRedis = r instanceof Cluster ? r.duplicate() : r.duplicate();
  dup.on("error", () => {});
  return dup;
}

/** `redis <url> (<prefix>)`, the password left out: a data plane's name in messages. */
export function redisSourceName(redisUrl: string, prefix: string): string {
  return `redis ${redactRedisUrl(redisUrl)} (${prefix})`;
}
