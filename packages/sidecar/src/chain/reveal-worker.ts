// The durable reveal: one BullMQ job per committed seat, added before the commit is sent, so a restarted miner
// still reveals (the salt is in Redis too). The RevealScheduler normally reveals first, from new blocks, and
// removes the job; when the job runs anyway (after a restart, or the fast path failed) it hands the seat to the
// scheduler and polls the query's status by delaying itself, then reveals through the same RevealSender.
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import { inferenceState } from "@nesa/proto-types";
import { type JobCoords, type RedisKeys, jobId } from "@nesa/data-plane";
import { isFinalError } from "../errors";
import { WORKER_LOCK_SETTINGS } from "../pipeline/miner-worker";
import type { ChainReader } from "./chain-reader";
import type { RevealScheduler } from "./reveal-scheduler";
import type { RevealSender } from "./reveal-sender";

const { QueryStatus } = inferenceState;

export type RevealWorkerOptions = {
  miner: string;
  keys: RedisKeys;
  connection: RedisClient;
  chain: ChainReader;
  sender: RevealSender;
  scheduler: RevealScheduler;
  logger: Logger;
  pollMs?: number;
};

export class RevealWorker {
  readonly worker: Worker;

  constructor(private readonly opts: RevealWorkerOptions) {
    const processor = async (job: Job<JobCoords>, token?: string) => {
      try {
        return await this.process(job, token);
      } catch (err) {
        if (isFinalError(err)) throw new UnrecoverableError(`${err.codespace}/${err.code}: ${err.message}`);
        throw err;
      }
    };
    this.worker = new Worker(opts.keys.revealQueue(opts.miner), processor, {
      connection: opts.connection,
      prefix: opts.keys.bullPrefix,
      concurrency: 4,
      ...WORKER_LOCK_SETTINGS,
    });
    this.worker.on("failed", (job, err) => opts.logger.warn({ job: job?.id, err: err.message }, "reveal failed"));
    this.worker.on("error", (err) => opts.logger.error({ err }, "reveal worker error"));
  }

  private async process(job: Job<JobCoords>, token?: string): Promise<{ height: number; alreadyDone: boolean }> {
    const c: JobCoords = { queryId: job.data.queryId, shard: job.data.shard, replica: job.data.replica };
    // The record is deleted once a reveal is included (or it expired, long after the reveal window).
    if (!(await this.opts.connection.exists(this.opts.keys.pendingReveal(c)))) return { height: 0, alreadyDone: true };
    const q = await this.opts.chain.query.inference.query(c.queryId);
    if (q.status === QueryStatus.QUERY_STATUS_ASSIGNED || q.status === QueryStatus.QUERY_STATUS_COMMITTING) {
      // From now on the next blocks' events decide (e.g. after a restart); this job stays as the fallback.
      this.opts.scheduler.track(c, this.opts.scheduler.followedHeight);
      await job.moveToDelayed(Date.now() + (this.opts.pollMs ?? 500), token);
      throw new DelayedError();
    }
    if (q.status !== QueryStatus.QUERY_STATUS_REVEALING) {
      throw new UnrecoverableError(`query ${c.queryId} is ${QueryStatus[q.status]}: its reveal window has passed`);
    }
    const sent = await this.opts.sender.reveal(c, q);
    this.opts.logger.debug({ job: jobId(c) }, "reveal job done");
    return { height: sent?.height ?? 0, alreadyDone: !sent || sent.alreadyDone };
  }

  close(force = false): Promise<void> {
    return this.worker.close(force);
  }
}
