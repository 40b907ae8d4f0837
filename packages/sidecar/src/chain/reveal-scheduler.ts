// Reveals as soon as the chain allows, from the blocks the chain follower hands on: a seat is tracked once its
// commit is in a block, and all of its query's seats are revealed when a block carries the query's
// EventRevealPhaseStarted (or at once, if that block was already seen). The event carries the sketch seed height
// and the seed itself, so waiting costs no RPC. Chain state is read only where events can have been missed: a
// seat whose commit was not seen in a followed block (found by hash, already on chain, handed over by the durable
// job after a restart) is checked at once, and every waiting query is re-checked every RECHECK_BLOCKS blocks, in
// case its event fell into a gap the follower skipped. The durable BullMQ job stays the last resort.
import type { Logger } from "pino";
import { inferenceState } from "@nesa/proto-types";
import { type JobCoords, jobId } from "@nesa/data-plane";
import type { ChainReader } from "./chain-reader";
import type { InferenceEvents, RevealPhaseStarted } from "./inference-events";
import type { RevealSender } from "./reveal-sender";

const { QueryStatus } = inferenceState;

/** Blocks between two status reads of a query still waiting for its reveal phase (the window is ~10 blocks). */
export const RECHECK_BLOCKS = 4;
/** Reveal phases remembered for seats tracked after their event (a commit settled late, a job handed over). */
const PHASES_KEPT_BLOCKS = 64;
const MAX_PHASES = 10_000;

type Waiting = { seats: Map<string, JobCoords>; checkAt: number };

export class RevealScheduler {
  /** query id → seats waiting for its reveal phase (by job id), and when to read its status if no event came. */
  private readonly waiting = new Map<string, Waiting>();
  /** Reveal phases seen in recent blocks, by query id. */
  private readonly phases = new Map<string, RevealPhaseStarted & { at: number }>();
  /** Queries being checked now; a second request during a check runs one more check after it. */
  private readonly checking = new Map<string, { again: boolean }>();
  private height = 0;
  /** First height handed on by the follower: events of later blocks are all seen (bar skipped gaps). */
  private firstBlock?: number;
  /** Status reads so far (tests check that waiting costs none). */
  statusReads = 0;

  constructor(
    private readonly chain: ChainReader,
    private readonly sender: RevealSender,
    private readonly logger: Logger,
  ) {}

  /**
   * A seat whose commit is in a block. `seenAt`: a followed block at or before which the query was still in its
   * commit phase (its commit's block, or the height the durable job read it at); without it, or if it precedes
   * the follower's first block, the query's status is read at once.
   */
  track(c: JobCoords, seenAt?: number): void {
    let w = this.waiting.get(c.queryId);
    if (!w) {
      w = { seats: new Map(), checkAt: this.height + RECHECK_BLOCKS };
      this.waiting.set(c.queryId, w);
    }
    w.seats.set(jobId(c), { queryId: c.queryId, shard: c.shard, replica: c.replica });
    const phase = this.phases.get(c.queryId);
    if (phase) this.revealAll(c.queryId, phase.sketchSeedHeight);
    else if (seenAt === undefined || this.firstBlock === undefined || seenAt < this.firstBlock) this.check(c.queryId);
  }

  /** The x/inference events of the next followed block (every block after the follower's start, in order). */
  onBlock(ev: InferenceEvents): void {
    this.height = Math.max(this.height, ev.height);
    this.firstBlock ??= ev.height;
    for (const p of ev.revealPhases) {
      this.phases.set(p.queryId, { ...p, at: ev.height });
      if (p.sketchSeed.length > 0) this.sender.knowBeacon(p.sketchSeedHeight, p.sketchSeed);
      if (this.waiting.has(p.queryId)) this.revealAll(p.queryId, p.sketchSeedHeight);
    }
    for (const id of ev.ended) {
      this.phases.delete(id);
      // Decided without this miner's reveal: the durable job reports it (and reads the final status).
      if (this.waiting.delete(id)) this.logger.warn({ queryId: id }, "query decided before this miner revealed");
    }
    for (const [id, p] of this.phases) {
      if (p.at > ev.height - PHASES_KEPT_BLOCKS && this.phases.size <= MAX_PHASES) break; // oldest first
      this.phases.delete(id);
    }
    for (const [id, w] of this.waiting) {
      if (w.checkAt > ev.height) continue;
      w.checkAt = ev.height + RECHECK_BLOCKS;
      this.check(id);
    }
  }

  get pendingQueries(): number {
    return this.waiting.size;
  }

  get followedHeight(): number {
    return this.height;
  }

  private revealAll(queryId: string, sketchSeedHeight: bigint): void {
    const w = this.waiting.get(queryId);
    this.waiting.delete(queryId);
    for (const seat of w?.seats.values() ?? []) {
      this.sender.reveal(seat, { sketchSeedHeight }, this.height).catch((err) => {
        // The durable BullMQ job of this seat still runs later and decides from the chain's answer.
        this.logger.warn({ job: jobId(seat), err: (err as Error).message }, "fast reveal failed; the durable reveal job takes over");
      });
    }
  }

  private check(queryId: string): void {
    const running = this.checking.get(queryId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.checking.set(queryId, state);
    void (async () => {
      do {
        state.again = false;
        await this.checkOnce(queryId).catch((err) =>
          this.logger.warn({ queryId, err: (err as Error).message }, "reading the query for its reveal failed; retrying later"),
        );
      } while (state.again && this.waiting.has(queryId));
      this.checking.delete(queryId);
    })();
  }

  private async checkOnce(queryId: string): Promise<void> {
    if (!this.waiting.has(queryId)) return;
    this.statusReads++;
    const q = await this.chain.query.inference.query(queryId);
    if (q.status === QueryStatus.QUERY_STATUS_ASSIGNED || q.status === QueryStatus.QUERY_STATUS_COMMITTING) return;
    if (q.status !== QueryStatus.QUERY_STATUS_REVEALING) {
      // Decided without this miner's reveal (or not at all): the durable job reports it.
      this.waiting.delete(queryId);
      this.logger.warn({ queryId, status: QueryStatus[q.status] }, "query left the reveal phase before this miner revealed");
      return;
    }
    // The old timing opens the phase one block before its seed block (and beacon) exists: look again then.
    if (this.height < Number(q.sketchSeedHeight)) {
      const w = this.waiting.get(queryId);
      if (w) w.checkAt = Number(q.sketchSeedHeight);
      return;
    }
    this.revealAll(queryId, q.sketchSeedHeight);
  }
}
