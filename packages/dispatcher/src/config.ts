// The dispatcher's settings, with defaults and checks that name the bad field. The CLI fills them from flags.
import { redisUrlProblem } from "@nesa/data-plane";

export type DispatcherConfig = {
  /** CometBFT RPC of a nesad node (http://…); the WebSocket is the same URL with ws://. */
  rpcUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key and BullMQ queue of this network: must match the miners' `redisPrefix`. */
  redisPrefix: string;
  /** Directory holding ingested (encrypted) inputs, one file per digest, to restore them after Redis data loss. */
  spoolDir: string;
  /** HTTP (ingest, /metrics, /healthz) bind address: loopback unless the operator decides otherwise. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest accepted input blob (the request body of PUT /v1/inputs/<id>). */
  maxInputBytes: number;
  /** TTL of inputs put into Redis (the sidecar's tensors also carry a TTL). */
  inputTtlSeconds: number;
  /** Status polling period while the WebSocket is down. */
  pollIntervalMs: number;
  /** Status polling period while the WebSocket is up: catches a socket that stalls without an error. */
  wsCheckIntervalMs: number;
  /** Completed shard-0 jobs are kept this long, so a repeated enqueue stays a no-op. */
  keepCompletedSeconds: number;
  /** Spool files of queries that are no longer open are deleted after this long. */
  spoolRetentionSeconds: number;
};

export const DEFAULT_PORT = 26690;

export function defaultConfig(): Omit<DispatcherConfig, "rpcUrl" | "redisUrl" | "spoolDir"> {
  return {
    redisPrefix: "nesa",
    host: "127.0.0.1",
    port: DEFAULT_PORT,
    maxInputBytes: 16 * 1024 * 1024,
    inputTtlSeconds: 3600,
    pollIntervalMs: 1000,
    wsCheckIntervalMs: 5000,
    keepCompletedSeconds: 3600,
    spoolRetentionSeconds: 24 * 3600,
  };
}

/** Defaults filled in and every field checked; throws one error listing all problems. */
export function resolveConfig(partial: Partial<DispatcherConfig> & Pick<DispatcherConfig, "rpcUrl" | "redisUrl" | "spoolDir">): DispatcherConfig {
  const cfg: DispatcherConfig = { ...defaultConfig(), ...partial };
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s]+$/.test(cfg.rpcUrl)) problems.push(`rpcUrl: expected http(s)://host:port, got ${JSON.stringify(cfg.rpcUrl)}`);
  const redisProblem = redisUrlProblem(cfg.redisUrl);
  if (redisProblem) problems.push(`redisUrl: ${redisProblem}, got ${JSON.stringify(cfg.redisUrl)}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(cfg.redisPrefix)) problems.push(`redisPrefix: expected [A-Za-z0-9_.-]+, got ${JSON.stringify(cfg.redisPrefix)}`);
  if (cfg.spoolDir.trim() === "") problems.push("spoolDir: required (a directory the dispatcher may write)");
  if (!Number.isInteger(cfg.port) || cfg.port < 0 || cfg.port > 65535) problems.push(`port: expected 0-65535, got ${cfg.port}`);
  const positive: (keyof DispatcherConfig)[] = ["maxInputBytes", "inputTtlSeconds", "pollIntervalMs", "wsCheckIntervalMs", "keepCompletedSeconds", "spoolRetentionSeconds"];
  for (const f of positive) {
    const v = cfg[f];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) problems.push(`${f}: expected a positive integer, got ${String(v)}`);
  }
  if (problems.length > 0) throw new Error(`invalid dispatcher config:\n  ${problems.join("\n  ")}`);
  return cfg;
}
