// Test helper: a dispatcher process (in-process) on a protocol chain, with its own spool and Redis prefix.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { RedisKeys } from "@nesa/data-plane";
import { deletePrefix, randomPrefix } from "../../../sidecar/src/testing/redis-test-env";
import { resolveConfig, type DispatcherConfig } from "../config";
import { type RunningDispatcher, startDispatcher } from "../dispatcher-service";

export type DispatcherFixture = {
  d: RunningDispatcher;
  cfg: DispatcherConfig;
  keys: RedisKeys;
  redis: Redis;
  /** A miner's queue, read through BullMQ as a sidecar would. */
  queueOf(miner: string): Queue;
  /** Starts another dispatcher on the same Redis prefix and spool (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

export async function startDispatcherFixture(opts: { rpcUrl: string; redisUrl: string; tag: string; maxInputBytes?: number }): Promise<DispatcherFixture> {
  const spoolDir = mkdtempSync(join(tmpdir(), "nesa-dispatcher-spool-"));
  const cfg = resolveConfig({
    rpcUrl: opts.rpcUrl,
    redisUrl: opts.redisUrl,
    spoolDir,
    redisPrefix: randomPrefix(opts.tag),
    port: 0,
    pollIntervalMs: 200,
    wsCheckIntervalMs: 1000,
    maxInputBytes: opts.maxInputBytes ?? 64 * 1024,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const keys = new RedisKeys(cfg.redisPrefix);
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<string, Queue>();
  const fx: DispatcherFixture = {
    d: await startDispatcher(cfg, logger),
    cfg,
    keys,
    redis,
    queueOf(miner) {
      const name = keys.minerQueue(miner);
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: redis, prefix: keys.bullPrefix });
        queues.set(name, q);
      }
      return q;
    },
    async restart() {
      await fx.d.close();
      fx.d = await startDispatcher(cfg, logger);
    },
    async close() {
      await fx.d.close();
      for (const q of queues.values()) await q.close();
      redis.disconnect();
      await deletePrefix(cfg.redisPrefix, opts.redisUrl);
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
  return fx;
}
