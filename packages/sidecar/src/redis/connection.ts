// The data plane's Redis connection for the miners and the dispatcher: one server, or a Redis Cluster through
// ioredis' Cluster client (`redis-cluster://h:p,h:p` as the URL, or REDIS_CLUSTER_NODES in the environment).
import { redisTarget } from "@nesa/data-plane";
import { Cluster, Redis } from "ioredis";

/** Either client: BullMQ and every store here use only commands both have. */
export type RedisClient = Redis | Cluster;

/** Options every connection gets: blocking commands (BullMQ's) must never fail on a retry count. */
const BASE = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;

/**
 * An ioredis connection as BullMQ needs it. On a cluster, a command that meets a failover (a master down, its
 * replica not yet promoted) is retried on the refreshed slot map instead of failing.
 */
export function createRedis(url: string, env: Record<string, string | undefined> = process.env): RedisClient {
  const t = redisTarget(url, env);
  if (t.kind === "single") return new Redis(t.url, { ...BASE, lazyConnect: false });
  return new Cluster(t.nodes, {
    redisOptions: { ...BASE, ...(t.password ? { password: t.password } : {}) },
    // Slots move when a replica takes over: re-read the map on MOVED/CLUSTERDOWN, and retry while it settles
    // (64 × 200 ms rides out a failover of several seconds instead of failing the command after 16).
    maxRedirections: 64,
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
  });
}

/** True for a cluster client (SCAN and FLUSH must then go to every master). */
export function isCluster(r: RedisClient): r is Cluster {
  return r instanceof Cluster;
}

/** A second connection to the same Redis or cluster (for blocking commands, which hold theirs while they wait). */
export function duplicateRedis(r: RedisClient): RedisClient {
  return isCluster(r) ? r.duplicate() : r.duplicate();
}
