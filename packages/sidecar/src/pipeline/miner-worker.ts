// The miner's BullMQ Worker on its own queue. Lock settings are constants shared by every worker: BullMQ's
// stalled-job recovery only works as configured when all workers of a queue agree (see TOOLCHAIN.md).
import { type Job, Worker } from "bullmq";
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import type { RedisKeys } from "@nesa/data-plane";
import type { MinerMetrics } from "../metrics/miner-metrics";
import type { ShardJobResult } from "./shard-job";

/** A killed miner's job goes back to the queue after about lockDuration + stalledInterval. */
export const WORKER_LOCK_SETTINGS = { lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 2 } as const;

export type MinerWorkerOptions = {
  miner: string;
  keys: RedisKeys;
  connection: RedisClient;
  concurrency: number;
  processor: (job: Job) => Promise<ShardJobResult>;
  metrics: MinerMetrics;
  logger: Logger;
};

export class MinerWorker {
  readonly worker: Worker;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(opts: MinerWorkerOptions) {
    const { metrics, logger } = opts;
    this.worker = new Worker(
      opts.keys.minerQueue(opts.miner),
      async (job) => {
        metrics.activeJobs.inc();
        this.inFlight++;
        try {
          return await opts.processor(job);
        } finally {
          metrics.activeJobs.dec();
          if (--this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
        }
      },
      {
        connection: opts.connection,
        prefix: opts.keys.bullPrefix,
        concurrency: opts.concurrency,
        name: opts.miner,
        ...WORKER_LOCK_SETTINGS,
      },
    );
    this.worker.on("completed", (job, result: ShardJobResult) => {
      metrics.jobs.inc({ outcome: result.recorded ? "completed" : "duplicate" });
      logger.info({ job: job.id, outputDigest: result.outputDigest, final: result.final }, "job completed");
    });
    this.worker.on("failed", (job, err) => {
      const final = err.name === "UnrecoverableError" || (job && job.attemptsMade >= (job.opts.attempts ?? 1));
      metrics.jobs.inc({ outcome: err.name === "UnrecoverableError" ? "unrecoverable" : "failed" });
      logger.warn({ job: job?.id, err: err.message, final }, final ? "job failed for good" : "job failed; BullMQ will retry");
    });
    this.worker.on("error", (err) => logger.error({ err }, "worker error"));
  }

  /** Waits until the worker is connected and taking jobs. */
  waitUntilReady(): Promise<unknown> {
    return this.worker.waitUntilReady();
  }

  /**
   * Graceful stop: take no new jobs, give running ones `graceMs` to finish, then close. Jobs still running are
   * released: their lock is no longer renewed, so once it expires the stalled-job check of any worker of this
   * queue puts them back (BullMQ's close() cannot be made forced once a non-forced close is waiting, hence
   * the explicit wait here). Resolves true when every job finished.
   */
  async stop(graceMs: number): Promise<boolean> {
    await this.worker.pause(true);
    let timer: NodeJS.Timeout | undefined;
    const finished =
      this.inFlight === 0 ||
      (await new Promise<boolean>((resolve) => {
        this.idle.push(() => resolve(true));
        timer = setTimeout(() => resolve(false), graceMs);
      }));
    clearTimeout(timer);
    await this.worker.close(!finished);
    return finished;
  }
}
