// Reveals each committed seat once the chain's commit phase has closed: polls the query's status by delaying
// the job (BullMQ keeps it across restarts), then sends digest, salt, sketch and, for the final shard, the
// result inline when it is small enough.
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { inferenceState } from "@nesa/proto-types";
import { isFinalError } from "../errors";
import { WORKER_LOCK_SETTINGS } from "../pipeline/miner-worker";
import { type JobCoords, type RedisKeys, jobId } from "../redis/redis-keys";
import { decodeTensor } from "../tensor/tensor-codec";
import type { TensorStore } from "../tensor/tensor-store";
import { chainSketch, isIntegerTensor } from "./chain-sketch";
import type { ChainReader } from "./chain-reader";
import type { PendingReveal } from "./commit-step";
import type { TxSubmitter } from "./tx-submitter";

const { QueryStatus } = inferenceState;

export type RevealWorkerOptions = {
  miner: string;
  keys: RedisKeys;
  connection: Redis;
  chain: ChainReader;
  tensors: TensorStore;
  submitter: TxSubmitter;
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

  private async process(job: Job<JobCoords>, token?: string): Promise<{ height: number }> {
    const { redis, keys, chain } = { redis: this.opts.connection, keys: this.opts.keys, chain: this.opts.chain };
    const raw = await redis.get(keys.pendingReveal(job.data));
    if (!raw) throw new UnrecoverableError(`no pending reveal for ${jobId(job.data)}: its record expired (tensorTtlSeconds too short?)`);
    const pending = JSON.parse(raw) as PendingReveal;
    const q = await chain.query.inference.query(pending.queryId);
    if (q.status === QueryStatus.QUERY_STATUS_ASSIGNED || q.status === QueryStatus.QUERY_STATUS_COMMITTING) {
      await job.moveToDelayed(Date.now() + (this.opts.pollMs ?? 500), token);
      throw new DelayedError();
    }
    if (q.status !== QueryStatus.QUERY_STATUS_REVEALING) {
      throw new UnrecoverableError(`query ${pending.queryId} is ${QueryStatus[q.status]}: its reveal window has passed`);
    }
    const [beacon, params] = await Promise.all([chain.query.inference.beacon(q.sketchSeedHeight), chain.query.inference.params()]);
    const bytes = await this.opts.tensors.getBytes(pending.outputDigest);
    const output = decodeTensor(bytes);
    const sketch = chainSketch(output, beacon.output, params.sketchK);
    const inline = pending.final && BigInt(bytes.length) <= params.maxResultBytes;
    const sent = await this.opts.submitter.submit("reveal", [
      {
        typeUrl: "/nesa.inference.v1.MsgRevealResult",
        value: {
          miner: pending.miner,
          queryId: BigInt(pending.queryId),
          shard: pending.shard,
          replica: pending.replica,
          outputDigest: Buffer.from(pending.outputDigest, "hex"),
          salt: Buffer.from(pending.salt, "hex"),
          sketch,
          outputIsInteger: isIntegerTensor(output),
          resultRef: inline ? bytes : new Uint8Array(),
        },
      },
    ]);
    await redis.del(keys.pendingReveal(job.data));
    this.opts.logger.info({ job: jobId(job.data), height: sent.height, alreadyDone: sent.alreadyDone }, "result revealed");
    return { height: sent.height };
  }

  close(force = false): Promise<void> {
    return this.worker.close(force);
  }
}
