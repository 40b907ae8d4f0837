// Sends one seat's reveal: digest, salt, sketch (seeded by the beacon at sketch_seed_height, which is why the
// sketch is computed only now, from the output kept in Redis) and, for the final shard, the result inline when
// it fits max_result_bytes. Shared by the block-driven RevealScheduler and the durable BullMQ fallback, with one
// reveal in flight per seat, so the two never send the same reveal at once. Beacons never change once committed
// (the reveal-phase event hands them over); params are read at most once per block, or, once blocks are
// followed, once until a block carries EventParamsUpdated.
import type { RedisClient } from "../redis/connection";
import type { Logger } from "pino";
import { type JobCoords, type RedisKeys, jobId } from "@nesa/data-plane";
import type { QueueRegistry } from "../pipeline/queue-registry";
import { decodeTensor } from "../tensor/tensor-codec";
import type { TensorStore } from "../tensor/tensor-store";
import { chainSketch, isIntegerTensor } from "./chain-sketch";
import type { ChainReader } from "./chain-reader";
import type { PendingReveal } from "./commit-step";
import type { PendingRevealMemory } from "./pending-reveal-memory";
import type { Submitted, TxSubmitter } from "./tx-submitter";

type Inference = ChainReader["query"]["inference"];
export type ChainQuery = Awaited<ReturnType<Inference["query"]>>;
/** What a reveal needs of its query (which must be REVEALING). */
export type RevealPhase = Pick<ChainQuery, "sketchSeedHeight">;
type Params = Awaited<ReturnType<Inference["params"]>>;

export type RevealSenderOptions = {
  miner: string;
  keys: RedisKeys;
  redis: RedisClient;
  queues: QueueRegistry;
  chain: ChainReader;
  tensors: TensorStore;
  submitter: TxSubmitter;
  logger: Logger;
  /** The commit step's in-memory copy: read first (it survives a Redis data loss), Redis otherwise. */
  memory?: PendingRevealMemory;
};

/** Beacons kept by height (they never change once the block is committed). */
const MAX_BEACONS = 256;

export class RevealSender {
  private readonly inflight = new Map<string, Promise<Submitted | undefined>>();
  private readonly beacons = new Map<bigint, Uint8Array>();
  private params?: { height: number; value: Promise<Params> };
  /** Blocks are followed: params stay cached until `paramsChanged`. */
  private paramsFollowed = false;

  constructor(private readonly opts: RevealSenderOptions) {}

  /**
   * Reveals seat `c` of `q` (whose reveal phase is open) and waits for inclusion. Undefined when there is nothing to
   * reveal: the pending record is deleted once a reveal is included. `height`: the chain height the caller knows,
   * so params are read at most once per block.
   */
  reveal(c: JobCoords, q: RevealPhase, height?: number): Promise<Submitted | undefined> {
    const id = jobId(c);
    let p = this.inflight.get(id);
    if (!p) {
      p = this.send(c, q, height).finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  /** The beacon output at `height`, as an event carried it (saves the read). */
  knowBeacon(height: bigint, output: Uint8Array): void {
    this.remember(height, output);
  }

  /** From a followed block: params are cached until a block says they changed (pass `true` then). */
  paramsSeen(changed: boolean): void {
    this.paramsFollowed = true;
    if (changed) this.params = undefined;
  }

  private async send(c: JobCoords, q: RevealPhase, height?: number): Promise<Submitted | undefined> {
    const { redis, keys, tensors, submitter } = this.opts;
    const kept = this.opts.memory?.get(jobId(c));
    const raw = kept ? undefined : await redis.get(keys.pendingReveal(c));
    if (!kept && !raw) return undefined;
    const pending = kept?.pending ?? (JSON.parse(raw as string) as PendingReveal);
    const [seed, params] = await Promise.all([this.beacon(q.sketchSeedHeight), this.paramsAt(height)]);
    const bytes = kept?.bytes ?? (await tensors.getBytes(pending.outputDigest));
    const output = decodeTensor(bytes);
    const sketch = chainSketch(output, seed, params.sketchK);
    const inline = pending.final && BigInt(bytes.length) <= params.maxResultBytes;
    const sent = await submitter.submit("reveal", [
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
          outputTokens: pending.outputTokens ?? 0,
          // Only a 32-byte hex digest is a valid input_digest; anything else is left out (never excused, never refused).
          inputDigest: /^[0-9a-f]{64}$/.test(pending.inputDigest ?? "") ? Buffer.from(pending.inputDigest as string, "hex") : new Uint8Array(),
          resultRef: inline ? bytes : new Uint8Array(),
        },
      },
    ]);
    this.opts.memory?.delete(jobId(c));
    await redis.del(keys.pendingReveal(c));
    // The durable fallback job has nothing left to do (a job being processed right now stays; it then finds no
    // pending record and completes).
    await this.opts.queues
      .get(keys.revealQueue(this.opts.miner))
      .remove(jobId(c))
      .catch(() => 0);
    this.opts.logger.info({ job: jobId(c), height: sent.height, alreadyDone: sent.alreadyDone }, "result revealed");
    return sent;
  }

  private async beacon(height: bigint): Promise<Uint8Array> {
    let b = this.beacons.get(height);
    if (!b) {
      b = (await this.opts.chain.query.inference.beacon(height)).output;
      this.remember(height, b);
    }
    return b;
  }

  private remember(height: bigint, output: Uint8Array): void {
    this.beacons.set(height, output);
    if (this.beacons.size > MAX_BEACONS) this.beacons.delete(this.beacons.keys().next().value as bigint);
  }

  /** The read itself is cached, so the reveals of one block share it; a failed read is not kept. */
  private paramsAt(height?: number): Promise<Params> {
    const cached = this.params;
    if (cached && (this.paramsFollowed || height === undefined || height <= cached.height)) return cached.value;
    const value = this.opts.chain.query.inference.params();
    const entry = { height: height ?? cached?.height ?? 0, value };
    this.params = entry;
    value.catch(() => {
      if (this.params === entry) this.params = undefined;
    });
    return value;
  }
}
