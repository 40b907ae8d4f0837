// Starts a generation seat when its job arrives and runs its decoding loop in the background: a generation holds
// its seat for many steps, and a worker slot held that long would let two seats of one pipeline on the same
// miner (or a few long generations) block each other. The job completes once the loop has started; the loop's
// KV-cache reservation (KvBudget) is what bounds how many run at once. A job delivered again after a crash finds
// the seat's start marker and fails cleanly: a half-run pipeline cannot be resumed, its other seats time out,
// and the chain refunds the query at its timeout.
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import { type JobCoords, type RedisKeys, type ShardJobData, jobId } from "@nesa/data-plane";
import type { InferenceSession } from "onnxruntime-node";
import { SidecarCode, SidecarError } from "../errors";
import type { Assignment } from "../pipeline/assignment-source";
import { enqueueSeatJob } from "../pipeline/enqueue-seat-job";
import type { QueueRegistry } from "../pipeline/queue-registry";
import type { ResultRecorder } from "../pipeline/result-recorder";
import type { TensorStore } from "../tensor/tensor-store";
import { type GenerationParams, runGenerationSeat } from "./generation-seat";
import type { KvBudget } from "./kv-budget";
import { StepHandoff } from "./step-handoff";

export type GenerationRunnerDeps = {
  miner: string;
  redis: RedisClient;
  keys: RedisKeys;
  tensors: TensorStore;
  queues: QueueRegistry;
  recorder: ResultRecorder;
  budget: KvBudget;
  logger: Logger;
  ttlSeconds: number;
  stepTimeoutMs: number;
  /** Tests only: the last shard picks the runner-up's neighbour (argmax + 1), so its replica is outvoted. */
  byzantine?: boolean;
};

/** Entries of a replica's token stream kept for streaming clients (one per generated token). */
const MAX_STREAM_ENTRIES = 8192;

export class GenerationRunner {
  /** Each running loop, and how to abandon it (close its hand-off connection: a pending wait fails at once). */
  private readonly running = new Map<string, { done: Promise<void>; abandon: () => void }>();

  constructor(private readonly deps: GenerationRunnerDeps) {}

  get active(): number {
    return this.running.size;
  }

  /**
   * Claims the seat and starts its loop; resolves once it runs. `release` (the session's hold) is called when the
   * loop ends, or at once when this seat's loop already runs; when start throws, the caller still holds it.
   */
  async start(data: ShardJobData, a: Assignment & { generation: GenerationParams }, session: InferenceSession, release: () => void = () => {}): Promise<void> {
    const { redis, keys, tensors, logger } = this.deps;
    const seat: JobCoords = { queryId: data.queryId, shard: data.shard, replica: data.replica };
    const id = jobId(seat);
    if (this.running.has(id)) return release();
    // The input first: a missing one (InputMissing) is retried by BullMQ, and a retry must still find the seat free.
    const input = await tensors.get(data.inputKey);
    const claimed = await redis.set(keys.genSeatStarted(seat), this.deps.miner, "EX", this.deps.ttlSeconds, "NX");
    if (claimed !== "OK") {
      throw new SidecarError(SidecarCode.GenerationStalled, `generation seat ${id} was already started`, "a restarted seat cannot rejoin a running pipeline; the query will time out and be refunded");
    }
    const handoff = new StepHandoff(redis, keys, this.deps.ttlSeconds);
    let abandoned = false;
    const loop = this.run(seat, a, session, input, handoff, data.inputKey)
      .catch((err: Error) =>
        abandoned
          ? logger.warn({ job: id }, "generation seat abandoned at shutdown (it cannot be resumed); no commit for it")
          : logger.warn({ job: id, err: err.message }, "generation seat failed; no commit for it"),
      )
      .finally(() => {
        release();
        this.running.delete(id);
      });
    this.running.set(id, {
      done: loop,
      abandon: () => {
        abandoned = true;
        handoff.close();
      },
    });
  }

  /**
   * Waits for every running loop (graceful stop), at most `timeoutMs`: loops still running then are abandoned
   * (a stalled pipeline would otherwise hold the shutdown for a step timeout or more, past any grace period).
   */
  async drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const all = Promise.allSettled([...this.running.values()].map((l) => l.done));
    if (Number.isFinite(timeoutMs)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, timeoutMs))))]);
      clearTimeout(timer);
      for (const l of this.running.values()) l.abandon();
    }
    await all;
  }

  private async run(
    seat: JobCoords,
    a: Assignment & { generation: GenerationParams },
    session: InferenceSession,
    input: Awaited<ReturnType<TensorStore["get"]>>,
    handoff: StepHandoff,
    /** The job's inputKey: the digest of the first input the seat consumed (MsgRevealResult.input_digest). */
    inputKey: string,
  ): Promise<void> {
    const { redis, keys, tensors, queues, recorder } = this.deps;
    const shards = a.shards.length;
    const last = seat.shard === shards - 1;
    const started = performance.now();
    try {
      const result = await runGenerationSeat(
        {
          handoff,
          budget: this.deps.budget,
          stepTimeoutMs: this.deps.stepTimeoutMs,
          ...(this.deps.byzantine && last ? { pickToken: (best: number, vocab: number) => (best + 1) % vocab } : {}),
          startNext: async (hidden) => {
            const inputKey = await tensors.put(hidden);
            const next: ShardJobData = { queryId: seat.queryId, shard: seat.shard + 1, replica: seat.replica, inputKey };
            await enqueueSeatJob(queues, keys, a.seats[seat.shard + 1][seat.replica], jobId(next), next, this.deps.ttlSeconds);
          },
          publishToken: async (step, token) => {
            const stream = keys.genTokens(seat.queryId, seat.replica);
            const added = redis.xadd(stream, "MAXLEN", "~", MAX_STREAM_ENTRIES, "*", "step", step, "token", token);
            // One EXPIRE, with the first token; later tokens only append.
            await (step === 0 ? Promise.all([added, redis.expire(stream, this.deps.ttlSeconds)]) : added);
          },
        },
        { ...seat, shards },
        session,
        a.generation,
        input,
      );
      const outputDigest = await tensors.put(result.output);
      const recorded = await recorder.record({ ...seat, miner: this.deps.miner, outputDigest, final: last, outputTokens: result.outputTokens, inputDigest: inputKey }, result.output);
      this.deps.logger.info({ job: jobId(seat), outputDigest, outputTokens: result.outputTokens, ms: Math.round(performance.now() - started), recorded }, "generation seat done");
    } finally {
      handoff.close();
    }
  }
}
