// One seat's work: check the seat, load the shard, read the input, run, store the output, hand the pipeline on
// to the next shard's miner, and record the result for the chain step. Every step is safe to repeat: the
// output digest is deterministic, the next job's id is `query/shard/replica`, and the result is recorded once.
import { UnrecoverableError, type Job } from "bullmq";
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import { type RedisKeys, type ShardJobData, jobId } from "@nesa/data-plane";
import { SidecarCode, SidecarError, isFinalError } from "../errors";
import type { MinerMetrics } from "../metrics/miner-metrics";
import { perturb, runShard } from "../runtime/run-shard";
import type { SessionLease, SessionPool } from "../runtime/session-pool";
import type { TensorStore } from "../tensor/tensor-store";
import type { GenerationRunner } from "../generation/generation-runner";
import type { GenerationParams } from "../generation/generation-seat";
import type { Assignment, AssignmentSource } from "./assignment-source";
import type { QueueRegistry } from "./queue-registry";
import type { ResultRecorder } from "./result-recorder";
import { enqueueSeatJob } from "./enqueue-seat-job";
import { HssShareStep } from "./hss-share-step";
import { type ShardJobResult, parseShardJob } from "./shard-job";

export type ShardProcessorDeps = {
  miner: string;
  keys: RedisKeys;
  assignments: AssignmentSource;
  sessions: SessionPool;
  tensors: TensorStore;
  queues: QueueRegistry;
  recorder: ResultRecorder;
  metrics: MinerMetrics;
  logger: Logger;
  /** Seconds completed jobs are kept, so a repeat enqueue of the same id is a no-op while its tensors live. */
  keepCompletedSeconds: number;
  byzantine?: boolean;
  redis: RedisClient;
  /** The miner's ECIES private key, to open HSS shares sealed to it. */
  encryptionKey?: Uint8Array;
  /** Runs generation seats (decoder models); without it a generator's job is refused. */
  generation?: GenerationRunner;
};

export class ShardProcessor {
  private readonly hss: HssShareStep;

  constructor(private readonly deps: ShardProcessorDeps) {
    this.hss = new HssShareStep({ ...deps, ttlSeconds: deps.keepCompletedSeconds });
  }

  /** The BullMQ processor: maps final SidecarErrors to UnrecoverableError. */
  readonly process = async (job: Job): Promise<ShardJobResult> => {
    try {
      return await this.run(parseShardJob(job.data));
    } catch (err) {
      // Errors no retry can fix fail the job at once.
      if (isFinalError(err)) {
        throw new UnrecoverableError(`${err.codespace}/${err.code}: ${err.message}`);
      }
      throw err;
    }
  };

  async run(data: ShardJobData): Promise<ShardJobResult> {
    const { miner, assignments, sessions, tensors, metrics } = this.deps;
    const a = await assignments.get(data.queryId);
    if (!a) throw new SidecarError(SidecarCode.InputMissing, `query ${data.queryId} has no assignment yet`, "the chain may lag; retrying");
    if (data.share !== undefined) return this.hss.run({ ...data, share: data.share }, a);
    // An HSS combine job replaces shard 0: the combine stage adds the two shares' partial results.
    if (data.inputKeys && !a.hss) throw new SidecarError(SidecarCode.BadJob, `combine job for query ${data.queryId}, which is not an HSS query`);
    const spec = data.inputKeys ? a.hss?.combine : a.shards[data.shard];
    if (!spec || a.seats[data.shard]?.[data.replica] !== miner) {
      throw new SidecarError(SidecarCode.NotSeated, `${miner} does not hold seat ${jobId(data)}`, `the committee seats ${a.seats[data.shard]?.[data.replica] ?? "nobody"} there`);
    }
    // Held while it runs: a generation's loop keeps it (GenerationRunner releases it), a job until its run ends.
    const lease = await sessions.acquire(spec.sha256, spec.sizeBytes);
    if (a.generation) return this.startGeneration(data, { ...a, generation: a.generation }, lease);
    let output: Awaited<ReturnType<typeof runShard>>;
    try {
      const input = data.inputKeys ? await Promise.all(data.inputKeys.map((k) => tensors.get(k))) : await tensors.get(data.inputKey);
      const stop = metrics.runSeconds.startTimer({ model: a.modelId, shard: String(data.shard) });
      output = await runShard(lease.session, input);
      stop();
    } finally {
      lease.release();
    }
    if (this.deps.byzantine) output = perturb(output);
    const outputDigest = await tensors.put(output);
    const final = data.shard === a.shards.length - 1;
    if (!final) await this.enqueueNext(data, a.seats[data.shard + 1][data.replica], outputDigest);
    const { queryId, shard, replica } = data;
    // The digest of the input consumed (tensors live under their digest); a combine job has two inputs: none declared.
    const inputDigest = data.inputKeys ? undefined : data.inputKey;
    const recorded = await this.deps.recorder.record({ queryId, shard, replica, miner, outputDigest, final, inputDigest }, output);
    this.deps.logger.debug({ job: jobId(data), outputDigest, recorded }, "shard done");
    return { outputDigest, recorded, final };
  }

  /** A generation seat's job completes once its decoding loop runs (GenerationRunner says why). */
  private async startGeneration(data: ShardJobData, a: Assignment & { generation: GenerationParams }, lease: SessionLease): Promise<ShardJobResult> {
    try {
      if (!this.deps.generation) throw new SidecarError(SidecarCode.BadJob, `query ${data.queryId} is a generation`, "this miner runs no generation seats");
      await this.deps.generation.start(data, a, lease.session, lease.release);
    } catch (err) {
      lease.release();
      throw err;
    }
    return { outputDigest: "", recorded: false, final: data.shard === a.shards.length - 1 };
  }

  private async enqueueNext(data: ShardJobData, nextMiner: string, inputKey: string): Promise<void> {
    const next: ShardJobData = { queryId: data.queryId, shard: data.shard + 1, replica: data.replica, inputKey };
    await enqueueSeatJob(this.deps.queues, this.deps.keys, nextMiner, jobId(next), next, this.deps.keepCompletedSeconds);
  }
}
