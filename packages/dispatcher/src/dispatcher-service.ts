// Wires the dispatcher process: chain client, Redis, follower, dispatch passes, spool pruning and HTTP.
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { Logger } from "pino";
import { QueueRegistry } from "../../sidecar/src/pipeline/queue-registry";
import { createRedis } from "../../sidecar/src/redis/connection";
import { ChainFollower } from "@nesa/client";
import { RedisKeys } from "@nesa/data-plane";
import { ChainPendingWork } from "./chain/pending-work";
import type { DispatcherConfig } from "./config";
import { Dispatcher, type PassReport } from "./dispatcher";
import { type DispatcherServer, startDispatcherServer } from "./http/dispatcher-server";
import { DispatcherMetrics } from "./metrics/dispatcher-metrics";
import { Shard0Enqueuer } from "./queue/shard0-enqueuer";
import { DataLossSentinel } from "./store/data-loss-sentinel";
import { InputSpool } from "./store/input-spool";
import { InputStore } from "./store/input-store";
import { HssUploadStore } from "./store/hss-upload-store";

export type RunningDispatcher = {
  /** Base URL of the HTTP server (ingest, /metrics, /healthz). */
  url: string;
  follower: ChainFollower;
  metrics: DispatcherMetrics;
  /** The last pass's report (tests and /healthz read it). */
  lastPass(): PassReport | undefined;
  /** Called after every successful pass. */
  onPass(listener: (r: PassReport) => void): void;
  close(): Promise<void>;
};

/** Spool pruning runs every this many passes (it lists a directory). */
const PRUNE_EVERY_PASSES = 100;

export async function startDispatcher(cfg: DispatcherConfig, logger: Logger): Promise<RunningDispatcher> {
  const comet = await Comet38Client.connect(cfg.rpcUrl).catch((err: Error) => {
    throw new Error(`cannot reach the chain RPC at ${cfg.rpcUrl} (${err.message}): start nesad or fix --rpc`);
  });
  const redis = createRedis(cfg.redisUrl);
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error (retrying)"));
  const keys = new RedisKeys(cfg.redisPrefix);
  const queues = new QueueRegistry(redis, keys);
  const metrics = new DispatcherMetrics();
  const chain = new ChainPendingWork(comet);
  const spool = new InputSpool(cfg.spoolDir);
  const inputs = new InputStore(redis, keys, spool, cfg.inputTtlSeconds);
  const sentinel = new DataLossSentinel(redis, cfg.redisPrefix);
  const shares = new HssUploadStore(redis, keys, spool, inputs, cfg.inputTtlSeconds);
  const dispatcher = new Dispatcher({ work: chain, inputs, shares, enqueuer: new Shard0Enqueuer(queues, keys, cfg.keepCompletedSeconds), sentinel, metrics, logger });

  let last: PassReport | undefined;
  let passes = 0;
  const listeners: ((r: PassReport) => void)[] = [];
  const follower = new ChainFollower({
    rpcUrl: cfg.rpcUrl,
    comet,
    pollIntervalMs: cfg.pollIntervalMs,
    wsCheckIntervalMs: cfg.wsCheckIntervalMs,
    logger,
    onModeChange: (mode) => {
      metrics.websocketUp.set(mode === "websocket" ? 1 : 0);
      logger.info({ mode }, "following the chain");
    },
    onHeight: async (height) => {
      last = await dispatcher.pass(height);
      if (++passes % PRUNE_EVERY_PASSES === 0) {
        const pruned = await spool.prune(new Set(last.pendingDigests), cfg.spoolRetentionSeconds * 1000);
        if (pruned > 0) logger.info({ pruned }, "old spool files deleted");
      }
      for (const l of listeners) l(last);
    },
  });

  let server: DispatcherServer | undefined;
  try {
    server = await startDispatcherServer({
      host: cfg.host,
      port: cfg.port,
      maxInputBytes: cfg.maxInputBytes,
      metrics,
      logger,
      ingest: { lookup: (id) => chain.query(id), inputs, shares, metrics, onStored: () => follower.refresh() },
      tensor: (digestHex) => redis.getBuffer(keys.tensor(digestHex)),
      health: async () => {
        const redisOk = redis.status === "ready";
        const ok = redisOk && last !== undefined;
        return { ok, details: { redis: redis.status, followMode: follower.followMode, height: last ? String(last.height) : null } };
      },
    });
    await follower.start();
  } catch (err) {
    await follower.stop();
    await server?.close();
    await queues.close();
    redis.disconnect();
    comet.disconnect();
    throw err;
  }
  logger.info({ url: server.url, rpc: cfg.rpcUrl, spool: cfg.spoolDir, redisPrefix: cfg.redisPrefix }, "dispatcher started");
  return {
    url: server.url,
    follower,
    metrics,
    lastPass: () => last,
    onPass: (l) => listeners.push(l),
    async close() {
      await follower.stop();
      await server.close();
      await queues.close();
      redis.disconnect();
      comet.disconnect();
    },
  };
}
