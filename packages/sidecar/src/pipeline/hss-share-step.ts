// HSS-EE share jobs: this miner holds one additive share of the EE-encrypted input, sealed to its encryption key
// (ECIES). It opens the share, runs the model's share stage on it, stores the partial result, and when both
// shares' partials exist, hands the combine job to the miner of seat (0, replica). Either share job may finish
// last; both may see two partials and enqueue, which is harmless because the combine job's id is fixed.
import { createHash } from "node:crypto";
import { eciesOpen } from "@nesa/crypto";
import type { RedisClient } from "../redis/connection";
import { type RedisKeys, type ShardJobData, hssInputCommitment, hssShareAad, jobId, shareJobId } from "@nesa/data-plane";
import { SidecarCode, SidecarError } from "../errors";
import { runShard } from "../runtime/run-shard";
import type { SessionPool } from "../runtime/session-pool";
import { decodeTensor } from "../tensor/tensor-codec";
import type { TensorStore } from "../tensor/tensor-store";
import type { Assignment } from "./assignment-source";
import type { ResultRecorder } from "./result-recorder";
import { enqueueSeatJob } from "./enqueue-seat-job";
import type { QueueRegistry } from "./queue-registry";
import type { ShardJobResult } from "./shard-job";

export type HssShareStepDeps = {
  miner: string;
  keys: RedisKeys;
  redis: RedisClient;
  tensors: TensorStore;
  sessions: SessionPool;
  queues: QueueRegistry;
  encryptionKey?: Uint8Array;
  ttlSeconds: number;
  recorder: ResultRecorder;
};

const sha256Hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * The share is the one the client paid for: its digest is d_share of the published pair, and the pair hashes to
 * the query's on-chain input_commitment, sha256(d0 ‖ d1). Without this a dispatcher could feed a seat any share.
 */
function checkShareDigest(data: ShardJobData & { share: 0 | 1 }, a: Assignment, plain: Uint8Array): void {
  const id = shareJobId(data, data.share);
  const expected = a.hss?.inputCommitment;
  if (!data.shareDigests) {
    if (expected) throw new SidecarError(SidecarCode.BadJob, `share job ${id} carries no share digests`, "the query's input_commitment binds the shares' digests");
    return;
  }
  const [d0, d1] = data.shareDigests;
  if (expected && hssInputCommitment([d0, d1]) !== expected) {
    throw new SidecarError(SidecarCode.TensorCorrupt, `share digests of ${id} do not hash to the query's input_commitment`);
  }
  if (sha256Hex(plain) !== data.shareDigests[data.share]) {
    throw new SidecarError(SidecarCode.TensorCorrupt, `share ${id} is not the share the client committed to`, "its sha256 differs from the published digest");
  }
}

export class HssShareStep {
  constructor(private readonly deps: HssShareStepDeps) {}

  async run(data: ShardJobData & { share: 0 | 1 }, a: Assignment): Promise<ShardJobResult> {
    const { miner, keys, redis, tensors } = this.deps;
    const id = shareJobId(data, data.share);
    if (!a.hss) throw new SidecarError(SidecarCode.BadJob, `share job ${id} for query ${data.queryId}, which is not an HSS query`);
    if (a.hss.shareSeats[data.replica]?.[data.share] !== miner) {
      throw new SidecarError(SidecarCode.NotSeated, `${miner} does not hold share ${data.share} of ${jobId(data)}`);
    }
    if (!this.deps.encryptionKey) throw new SidecarError(SidecarCode.BadJob, "this miner was started without its encryption key; HSS shares cannot be opened");
    const sealed = await tensors.getBytes(data.inputKey);
    let plain: Uint8Array;
    try {
      plain = eciesOpen(this.deps.encryptionKey, sealed, hssShareAad(data.queryId, data.replica, data.share));
    } catch (cause) {
      throw new SidecarError(SidecarCode.TensorCorrupt, `share ${id} does not open with this miner's key`, "it was sealed to another key, for another seat, or altered", { cause });
    }
    checkShareDigest(data, a, plain);
    const lease = await this.deps.sessions.acquire(a.hss.share.sha256, a.hss.share.sizeBytes);
    let partial: Awaited<ReturnType<typeof runShard>>;
    try {
      partial = await runShard(lease.session, decodeTensor(plain));
    } finally {
      lease.release();
    }
    const digest = await tensors.put(partial);
    const key = keys.hssPartials(data);
    const res = await redis.multi().hset(key, String(data.share), digest).expire(key, this.deps.ttlSeconds).hgetall(key).exec();
    const partials = (res?.[2]?.[1] ?? {}) as Record<string, string>;
    if (partials["0"] && partials["1"]) {
      const combine: ShardJobData = { queryId: data.queryId, shard: 0, replica: data.replica, inputKey: partials["0"], inputKeys: [partials["0"], partials["1"]] };
      await enqueueSeatJob(this.deps.queues, keys, a.seats[0][data.replica], jobId(combine), combine, this.deps.ttlSeconds);
    }
    // The share seat sits at chain position S + share: it commits and reveals its partial like any seat, and the
    // partials of every replica's share-n seat agree because the client sends them the same share. Recorded after
    // the hand-off, as ShardProcessor does: the commit waits for a block, the combine job must not.
    const seat = { queryId: data.queryId, shard: a.shards.length + data.share, replica: data.replica };
    const recorded = await this.deps.recorder.record({ ...seat, miner, outputDigest: digest, final: false }, partial);
    return { outputDigest: digest, recorded, final: false };
  }
}
