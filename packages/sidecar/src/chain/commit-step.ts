// The chain step after a seat's output exists: commit at once (a salted hash of the output digest) and reveal
// once the commit phase has closed. The salt is kept in Redis and the durable reveal job queued before the commit
// is sent, so a retried job or a restarted miner reveals with the salt it actually committed to. The job's
// worker slot is held only until CheckTx takes the commit: its inclusion is followed from new blocks, and then
// `onCommitted` (the RevealScheduler) reveals in the first block that allows it.
import { randomBytes } from "node:crypto";
import { resultCommitment } from "@nesa/crypto";
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import { type JobCoords, type RedisKeys, jobId } from "@nesa/data-plane";
import type { QueueRegistry } from "../pipeline/queue-registry";
import { type Tensor, digestOfEncoded, encodeTensor } from "../tensor/tensor-codec";
import type { PendingRevealMemory } from "./pending-reveal-memory";
import type { SeatResult } from "../pipeline/result-recorder";
import type { Submitted, TxSubmitter } from "./tx-submitter";

export type PendingReveal = SeatResult & { salt: string };
export const REVEAL_JOB_NAME = "reveal";

export type CommitStepOptions = {
  redis: RedisClient;
  keys: RedisKeys;
  queues: QueueRegistry;
  submitter: TxSubmitter;
  logger: Logger;
  ttlSeconds: number;
  /** The durable reveal job first runs after this long (the fast path has usually revealed and removed it). */
  revealFallbackMs?: number;
  /** Keeps salt and output in memory too, so a Redis data loss before the reveal does not cost the seat. */
  memory?: PendingRevealMemory;
  /** The seat's commit is in a block (or was already: `sent.alreadyDone`): its reveal can be scheduled. */
  onCommitted?: (c: JobCoords, sent: Submitted) => void;
};

export class CommitStep {
  constructor(private readonly opts: CommitStepOptions) {}

  /** Use as the pipeline's OnResult. */
  readonly onResult = async (result: SeatResult, output?: Tensor): Promise<void> => {
    const { redis, keys, submitter } = this.opts;
    const key = keys.pendingReveal(result);
    const fresh: PendingReveal = { ...result, salt: randomBytes(32).toString("hex") };
    await redis.set(key, JSON.stringify(fresh), "EX", this.opts.ttlSeconds, "NX");
    const pending = JSON.parse((await redis.get(key)) ?? JSON.stringify(fresh)) as PendingReveal;
    if (pending.outputDigest !== result.outputDigest) {
      // A rerun produced another output (non-deterministic hardware): the chain holds the first commitment.
      this.opts.logger.warn({ job: jobId(result) }, "output differs from the one already committed; revealing the committed one");
    } else if (output && this.opts.memory) {
      const bytes = encodeTensor(output);
      // Only bytes that are exactly what the commitment names (the same encoding the tensor store hashed).
      if (digestOfEncoded(bytes) === pending.outputDigest) this.opts.memory.set(jobId(result), pending, bytes);
    }
    const commitment = resultCommitment({
      queryId: BigInt(result.queryId),
      shard: result.shard,
      replica: result.replica,
      miner: result.miner,
      outputDigest: Buffer.from(pending.outputDigest, "hex"),
      salt: Buffer.from(pending.salt, "hex"),
    });
    const coords: JobCoords = { queryId: result.queryId, shard: result.shard, replica: result.replica };
    const reveals = this.opts.queues.get(keys.revealQueue(result.miner));
    await reveals.add(REVEAL_JOB_NAME, coords, {
      jobId: jobId(result),
      delay: this.opts.revealFallbackMs ?? 2000,
      attempts: 5,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: { age: this.opts.ttlSeconds },
      removeOnFail: { age: 24 * 3600 },
    });
    const dropReveal = () => reveals.remove(jobId(result)).catch(() => 0);
    const { accepted, included } = submitter.enqueue("commit", [
      {
        typeUrl: "/nesa.inference.v1.MsgCommitResult",
        value: { miner: result.miner, queryId: BigInt(result.queryId), shard: result.shard, replica: result.replica, commitment },
      },
    ]);
    try {
      await accepted;
    } catch (err) {
      // The job fails (and is retried, which queues the reveal job again): nothing was committed to reveal.
      await dropReveal();
      throw err;
    }
    included.then(
      (sent) => {
        this.opts.logger.info({ job: jobId(result), height: sent.height, alreadyDone: sent.alreadyDone }, "result committed");
        this.opts.onCommitted?.(coords, sent);
      },
      async (err: Error) => {
        this.opts.logger.warn({ job: jobId(result), err: err.message }, "commit not included: this seat will be counted as missed");
        await dropReveal();
      },
    );
  };
}
