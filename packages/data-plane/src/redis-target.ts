// Which Redis the data plane talks to: one server (`redis://host:port`) or a Redis Cluster. A cluster is written
// as `redis-cluster://host:port,host:port,…` (a few seed nodes; the client learns the rest from CLUSTER SLOTS), so
// the one `redisUrl` string that the localnet, the miners' configs and the client's localnet.json already carry
// can name a cluster too. `REDIS_CLUSTER_NODES=host:port,…` in a process's environment names one as well and wins.
// Browser-safe: parsing only; the ioredis clients are made by the Node adapters.

export type RedisNode = { host: string; port: number };

export type RedisTarget = { kind: "single"; url: string } | { kind: "cluster"; nodes: RedisNode[]; password?: string };

export const CLUSTER_SCHEME = "redis-cluster://";

/** `host:port,host:port` → nodes; throws naming the bad entry. */
export function parseClusterNodes(list: string, where = "REDIS_CLUSTER_NODES"): RedisNode[] {
  const nodes = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const m = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(entry);
      const port = m ? Number(m[2]) : 0;
      if (!m || port < 1 || port > 65535) throw new TypeError(`${where}: expected host:port[,host:port…], got ${JSON.stringify(entry)}`);
      return { host: m[1].replace(/^\[|\]$/g, ""), port };
    });
  if (nodes.length === 0) throw new TypeError(`${where}: expected at least one host:port`);
  return nodes;
}

/** The target a URL (and the environment's REDIS_CLUSTER_NODES, when set) names. */
export function redisTarget(url: string, env: Record<string, string | undefined> = {}): RedisTarget {
  const fromEnv = env.REDIS_CLUSTER_NODES?.trim();
  if (fromEnv) return { kind: "cluster", nodes: parseClusterNodes(fromEnv) };
  if (!url.startsWith(CLUSTER_SCHEME)) return { kind: "single", url };
  const rest = url.slice(CLUSTER_SCHEME.length);
  const at = rest.lastIndexOf("@");
  const password = at >= 0 ? decodeURIComponent(rest.slice(0, at).replace(/^[^:]*:/, "")) : undefined;
  const nodes = parseClusterNodes(rest.slice(at + 1).replace(/\/$/, ""), "redisUrl");
  return password ? { kind: "cluster", nodes, password } : { kind: "cluster", nodes };
}

/** `redis-cluster://h:p,h:p` for these nodes (what the localnet writes into configs and localnet.json). */
export function clusterUrl(nodes: RedisNode[]): string {
  return `${CLUSTER_SCHEME}${nodes.map((n) => `${n.host}:${n.port}`).join(",")}`;
}

/** A URL for logs: the password left out. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}

/** Why `url` names no Redis (undefined when it does): `redis://`, `rediss://` or `redis-cluster://h:p,…`. */
export function redisUrlProblem(url: string): string | undefined {
  if (url.startsWith(CLUSTER_SCHEME)) {
    try {
      redisTarget(url);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }
  return /^rediss?:\/\/[^\s]+$/.test(url) ? undefined : "expected redis://host:port, rediss://host:port or redis-cluster://host:port,host:port…";
}
