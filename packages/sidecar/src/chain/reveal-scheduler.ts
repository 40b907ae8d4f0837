// Reveals as soon as the chain allows: a seat is tracked once its commit is in a block; its query's status is
// read right then and again at every new block (one read per query, however many of its seats wait), and all of
// its seats are revealed in the first block where the query is REVEALING and the beacon of its
// sketch_seed_height exists. Only chain state is used (status, sketch_seed_height), so this works whether the
// reveal phase opens in the block that closes the commit phase or one block later.
import type { Logger } from "pino";
import { inferenceState } from "@nesa/proto-types";
import { type JobCoords, jobId } from "../redis/redis-keys";
import type { ChainReader } from "./chain-reader";
import type { RevealSender } from "./reveal-sender";

const { QueryStatus } = inferenceState;

export class RevealScheduler {
  /** query id → seats waiting for its reveal phase (by job id). */
  private readonly waiting = new Map<string, Map<string, JobCoords>>();
  /** Queries being checked now; a second request during a check runs one more check after it. */
  private readonly checking = new Map<string, { again: boolean }>();
  private height = 0;

  constructor(
    private readonly chain: ChainReader,
    private readonly sender: RevealSender,
    private readonly logger: Logger,
  ) {}

  /** A seat whose commit is in a block: checks its query at once (the phase may already be open). */
  track(c: JobCoords): void {
    let seats = this.waiting.get(c.queryId);
    if (!seats) {
      seats = new Map();
      this.waiting.set(c.queryId, seats);
    }
    seats.set(jobId(c), { queryId: c.queryId, shard: c.shard, replica: c.replica });
    this.check(c.queryId);
  }

  /** A new height from the chain follower. Starts the checks and returns without waiting for the reveals. */
  async onHeight(height: number | bigint): Promise<void> {
    this.height = Math.max(this.height, Number(height));
    for (const id of this.waiting.keys()) this.check(id);
  }

  get pendingQueries(): number {
    return this.waiting.size;
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
          this.logger.warn({ queryId, err: (err as Error).message }, "reading the query for its reveal failed; retrying at the next block"),
        );
      } while (state.again && this.waiting.has(queryId));
      this.checking.delete(queryId);
    })();
  }

  private async checkOnce(queryId: string): Promise<void> {
    if (!this.waiting.has(queryId)) return;
    const q = await this.chain.query.inference.query(queryId);
    if (q.status === QueryStatus.QUERY_STATUS_ASSIGNED || q.status === QueryStatus.QUERY_STATUS_COMMITTING) return;
    const seats = this.waiting.get(queryId);
    if (q.status !== QueryStatus.QUERY_STATUS_REVEALING) {
      // Decided without this miner's reveal (or not at all): the durable job reports it.
      this.waiting.delete(queryId);
      this.logger.warn({ queryId, status: QueryStatus[q.status] }, "query left the reveal phase before this miner revealed");
      return;
    }
    // The old timing opens the phase one block before its seed block (and beacon) exists.
    if (this.height < Number(q.sketchSeedHeight)) return;
    this.waiting.delete(queryId);
    for (const seat of seats?.values() ?? []) {
      this.sender.reveal(seat, q, this.height).catch((err) => {
        // The durable BullMQ job of this seat still runs later and decides from the chain's answer.
        this.logger.warn({ job: jobId(seat), err: (err as Error).message }, "fast reveal failed; the durable reveal job takes over");
      });
    }
  }
}
