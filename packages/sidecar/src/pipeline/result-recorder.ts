// Records a seat's output exactly once (SET NX in Redis) and only then hands it to the commit step, so a job
// delivered twice (a stalled lock, a re-added job) never commits twice.
import type { RedisClient } from "../redis/connection";
import { type JobCoords, type RedisKeys, jobId } from "@nesa/data-plane";
import type { Tensor } from "../tensor/tensor-codec";

export type SeatResult = JobCoords & {
  miner: string;
  outputDigest: string;
  /** True for the last shard of the pipeline: its output is the query's (still EE-encrypted) result. */
  final: boolean;
  /** Generator queries, last shard: tokens this seat generated (MsgRevealResult.output_tokens). */
  outputTokens?: number;
  /**
   * Hex digest of the input tensor the seat consumed (the job's inputKey), sent as MsgRevealResult.input_digest so
   * the chain can excuse a seat fed by an outvoted upstream. Absent for HSS share and combine jobs (no single input).
   */
  inputDigest?: string;
};

/** The chain step: commit now, reveal after the commit phase. Receives the tensor to compute the sketch later. */
export type OnResult = (result: SeatResult, output: Tensor) => Promise<void>;

export class ResultRecorder {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds: number,
    private readonly onResult: OnResult,
  ) {}

  /** True when this call recorded the result (and ran the commit step); false for a repeat delivery. */
  async record(result: SeatResult, output: Tensor): Promise<boolean> {
    const key = this.keys.result(result);
    const set = await this.redis.set(key, JSON.stringify(result), "EX", this.ttlSeconds, "NX");
    if (set !== "OK") return false;
    try {
      await this.onResult(result, output);
    } catch (err) {
      // Let a retry of the job run the commit step again.
      await this.redis.del(key);
      throw err;
    }
    return true;
  }

  async get(c: JobCoords): Promise<SeatResult | undefined> {
    const raw = await this.redis.get(this.keys.result(c));
    return raw ? (JSON.parse(raw) as SeatResult) : undefined;
  }

  static id(c: JobCoords): string {
    return jobId(c);
  }
}
