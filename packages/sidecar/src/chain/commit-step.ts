// The chain step after a seat's output exists: commit at once (a salted hash of the output digest), and queue
// the reveal, which runs once the commit phase has closed. The salt is kept in Redis before the commit is sent,
// so a retried job or a restarted miner reveals with the salt it actually committed to.
import { randomBytes } from "node:crypto";
import { resultCommitment } from "@nesa/crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { QueueRegistry } from "../pipeline/queue-registry";
import type { SeatResult } from "../pipeline/result-recorder";
import { type RedisKeys, jobId } from "../redis/redis-keys";
import type { TxSubmitter } from "./tx-submitter";

export type PendingReveal = SeatResult & { salt: string };
export const REVEAL_JOB_NAME = "reveal";

export type CommitStepOptions = {
  redis: Redis;
  keys: RedisKeys;
  queues: QueueRegistry;
  submitter: TxSubmitter;
  logger: Logger;
  ttlSeconds: number;
  /** First check for the reveal phase after this long (the worker then polls). */
  revealDelayMs?: number;
};

export class CommitStep {
  constructor(private readonly opts: CommitStepOptions) {}

  /** Use as the pipeline's OnResult. */
  readonly onResult = async (result: SeatResult): Promise<void> => {
    const { redis, keys, submitter } = this.opts;
    const key = keys.pendingReveal(result);
    const fresh: PendingReveal = { ...result, salt: randomBytes(32).toString("hex") };
    await redis.set(key, JSON.stringify(fresh), "EX", this.opts.ttlSeconds, "NX");
    const pending = JSON.parse((await redis.get(key)) ?? JSON.stringify(fresh)) as PendingReveal;
    if (pending.outputDigest !== result.outputDigest) {
      // A rerun produced another output (non-deterministic hardware): the chain holds the first commitment.
      this.opts.logger.warn({ job: jobId(result) }, "output differs from the one already committed; revealing the committed one");
    }
    const commitment = resultCommitment({
      queryId: BigInt(result.queryId),
      shard: result.shard,
      replica: result.replica,
      miner: result.miner,
      outputDigest: Buffer.from(pending.outputDigest, "hex"),
      salt: Buffer.from(pending.salt, "hex"),
    });
    const sent = await submitter.submit("commit", [
      {
        typeUrl: "/nesa.inference.v1.MsgCommitResult",
        value: { miner: result.miner, queryId: BigInt(result.queryId), shard: result.shard, replica: result.replica, commitment },
      },
    ]);
    this.opts.logger.info({ job: jobId(result), height: sent.height, alreadyDone: sent.alreadyDone }, "result committed");
    await this.opts.queues.get(keys.revealQueue(result.miner)).add(REVEAL_JOB_NAME, { queryId: result.queryId, shard: result.shard, replica: result.replica }, {
      jobId: jobId(result),
      delay: this.opts.revealDelayMs ?? 500,
      attempts: 5,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: { age: this.opts.ttlSeconds },
      removeOnFail: { age: 24 * 3600 },
    });
  };
}
