// Wires one miner together: Redis, shard cache, session pool, tensor store, worker, metrics server. `stop()` is
// the graceful shutdown used on SIGTERM: stop taking jobs, let running ones finish (or release them after a
// grace period), flush the signer queue, then close connections.
import { ShardCache } from "@nesa/model-store";
import type { Logger } from "pino";
import { RedisKeys } from "@nesa/data-plane";
import type { MinerConfig } from "./config/miner-config";
import { type HealthServer, startHealthServer } from "./metrics/health-server";
import { MinerMetrics } from "./metrics/miner-metrics";
import type { AssignmentSource, ShardSpec } from "./pipeline/assignment-source";
import { MinerWorker } from "./pipeline/miner-worker";
import { QueueRegistry } from "./pipeline/queue-registry";
import { type OnResult, ResultRecorder } from "./pipeline/result-recorder";
import { ShardProcessor } from "./pipeline/shard-processor";
import { createRedis, type RedisClient } from "./redis/connection";
import { SessionPool } from "./runtime/session-pool";
import { TensorStore } from "./tensor/tensor-store";
import { GenerationRunner } from "./generation/generation-runner";
import { KvBudget } from "./generation/kv-budget";

export type MinerNodeOptions = {
  config: MinerConfig;
  /** This miner's bech32 address: its queue name and the seat it must hold. */
  miner: string;
  assignments: AssignmentSource;
  /** The chain step (commit, later reveal); called once per seat. */
  onResult: OnResult;
  logger: Logger;
  /** Serve /metrics and /healthz (default true). */
  serveMetrics?: boolean;
  /** Runs on shutdown after the worker stopped: close the reveal worker, flush the signer queue. */
  onStop?: () => Promise<void>;
  /** The miner's ECIES private key (opens HSS shares sealed to it). */
  encryptionKey?: Uint8Array;
  /** Share a metrics registry with the chain step (default: a new one). */
  metrics?: MinerMetrics;
  /** How long running jobs may take to finish on stop before they are released (default 10 s). */
  shutdownGraceMs?: number;
};

export class MinerNode {
  readonly metrics: MinerMetrics;
  readonly keys: RedisKeys;
  readonly tensors: TensorStore;
  readonly recorder: ResultRecorder;
  readonly queues: QueueRegistry;
  readonly redis: RedisClient;
  private readonly sessions: SessionPool;
  private readonly generation: GenerationRunner;
  private readonly worker: MinerWorker;
  private health?: HealthServer;
  private stopping?: Promise<void>;

  private constructor(private readonly opts: MinerNodeOptions) {
    const { config, logger } = opts;
    this.metrics = opts.metrics ?? new MinerMetrics({ defaultMetrics: opts.serveMetrics !== false });
    this.keys = new RedisKeys(config.redisPrefix);
    this.redis = createRedis(config.redisUrl);
    this.tensors = new TensorStore(this.redis, this.keys, { ttlSeconds: config.tensorTtlSeconds, maxBytes: config.maxTensorBytes });
    this.recorder = new ResultRecorder(this.redis, this.keys, config.tensorTtlSeconds, opts.onResult);
    this.queues = new QueueRegistry(this.redis, this.keys);
    const cache = new ShardCache({ storeUrl: config.modelStoreUrl, cacheDir: config.cacheDir, maxBytes: config.maxShardBytes, logger });
    this.sessions = new SessionPool({ cache, intraOpThreads: config.intraOpThreads, allowSpinning: config.allowSpinning });
    this.generation = new GenerationRunner({
      miner: opts.miner,
      redis: this.redis,
      keys: this.keys,
      tensors: this.tensors,
      queues: this.queues,
      recorder: this.recorder,
      budget: new KvBudget(config.kvCacheBudgetMb * 1024 * 1024),
      logger,
      ttlSeconds: config.tensorTtlSeconds,
      stepTimeoutMs: config.generationStepTimeoutMs,
      byzantine: config.byzantine,
    });
    const processor = new ShardProcessor({
      miner: opts.miner,
      keys: this.keys,
      assignments: opts.assignments,
      sessions: this.sessions,
      tensors: this.tensors,
      queues: this.queues,
      recorder: this.recorder,
      metrics: this.metrics,
      logger,
      keepCompletedSeconds: config.tensorTtlSeconds,
      byzantine: config.byzantine,
      redis: this.redis,
      encryptionKey: opts.encryptionKey,
      generation: this.generation,
    });
    this.worker = new MinerWorker({
      miner: opts.miner,
      keys: this.keys,
      connection: this.redis,
      concurrency: config.concurrency,
      processor: processor.process,
      metrics: this.metrics,
      logger,
    });
  }

  static async start(opts: MinerNodeOptions): Promise<MinerNode> {
    const node = new MinerNode(opts);
    await node.worker.waitUntilReady();
    if (opts.serveMetrics !== false) {
      node.health = await startHealthServer({
        host: opts.config.metricsHost,
        port: opts.config.metricsPort,
        metrics: node.metrics,
        health: () => node.healthCheck(),
      });
    }
    opts.logger.info(
      { miner: opts.miner, queue: node.keys.minerQueue(opts.miner), metrics: node.health?.url, byzantine: opts.config.byzantine },
      "miner started",
    );
    return node;
  }

  get metricsUrl(): string | undefined {
    return this.health?.url;
  }

  get queueName(): string {
    return this.keys.minerQueue(this.opts.miner);
  }

  /**
   * Downloads, verifies and loads shards ahead of the first job, so a cold miner does not spend the commit
   * window fetching a model. Failures are logged, not thrown: the job path fetches again on demand.
   */
  async warmUp(shards: ShardSpec[]): Promise<number> {
    let loaded = 0;
    for (const s of shards) {
      try {
        await this.sessions.get(s.sha256, s.sizeBytes);
        loaded++;
      } catch (err) {
        this.opts.logger.warn({ sha256: s.sha256, err: (err as Error).message }, "could not preload shard");
      }
    }
    return loaded;
  }

  async healthCheck(): Promise<{ ok: boolean; details: Record<string, unknown> }> {
    let redis = "ok";
    try {
      await this.redis.ping();
    } catch (err) {
      redis = (err as Error).message;
    }
    const running = this.worker.worker.isRunning() && !this.stopping;
    return { ok: redis === "ok" && running, details: { redis, worker: running ? "running" : "stopped" } };
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const log = this.opts.logger;
    log.info("stopping: no new jobs; waiting for running ones");
    const grace = this.opts.shutdownGraceMs ?? 10_000;
    const deadline = Date.now() + grace;
    if (!(await this.worker.stop(grace))) {
      // The lock expires and another instance of this miner (or this one, restarted) takes the job over.
      log.warn({ graceMs: grace }, "running jobs did not finish in time; released them");
    }
    // Generation loops run outside the worker's slots: they share the jobs' grace period, and those still
    // running at its end are abandoned (a loop waiting on a stalled pipeline would wait out its step timeout).
    if (this.generation.active > 0) log.info({ generations: this.generation.active }, "waiting for running generations");
    await this.generation.drain(deadline - Date.now());
    await this.opts.onStop?.();
    await this.health?.close();
    await this.queues.close();
    await this.sessions.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    log.info("stopped");
  }
}
