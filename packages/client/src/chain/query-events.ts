// Which queries a block changed, from x/inference's typed events (FollowedBlock: each tx's events, then the
// EndBlock ones): assigned, a result committed, reveal phase started, finalized, failed. Waits then re-read a
// query only when a block names it, instead of one read per pending query per block. The last `keepBlocks`
// blocks' events are remembered, so a wait that marks a height, reads, and only then starts listening misses
// nothing in between; a wait also wakes after its fallback delay with no event (a missed block, a stalled
// follower), so it degrades into a slow poll rather than a hang.
import { type FollowedBlock, type FollowedEvent, attributeOf } from "./followed-block";

export type QueryEventKind = "assigned" | "committed" | "revealStarted" | "finalized" | "failed";

/** Typed event type → kind; every one of them carries `query_id`. */
export const QUERY_EVENT_KINDS: Readonly<Record<string, QueryEventKind>> = {
  "nesa.inference.v1.EventQueryAssigned": "assigned",
  "nesa.inference.v1.EventResultCommitted": "committed",
  "nesa.inference.v1.EventRevealPhaseStarted": "revealStarted",
  "nesa.inference.v1.EventQueryFinalized": "finalized",
  "nesa.inference.v1.EventQueryFailed": "failed",
};

export interface QueryEventsSeen {
  /** In block order; empty when the wait ended on its fallback delay. */
  readonly kinds: readonly QueryEventKind[];
  /** Every event naming the query up to this height is in `kinds`. */
  readonly height: bigint;
}

/** What event-driven waits need: the newest block handed on, and a wait for events naming one query. */
export interface QueryEventSource {
  /** The newest block handed on (0n before the first); chain state read afterwards reflects it. */
  readonly height: bigint;
  /** Resolves with the events naming `queryId` in blocks above `after` (at once if some were seen), or none after `fallbackMs`. */
  next(queryId: bigint, after: bigint, fallbackMs: number): Promise<QueryEventsSeen>;
}

type Seen = { kind: QueryEventKind; height: bigint };
type Waiter = { after: bigint; wake: (s: QueryEventsSeen) => void };

export class QueryEvents implements QueryEventSource {
  private newest = 0n;
  private readonly byQuery = new Map<string, Seen[]>();
  private readonly blocks: { height: bigint; ids: string[] }[] = [];
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly keepBlocks = 64) {}

  get height(): bigint {
    return this.newest;
  }

  /** Feed: every block, in order (ChainFollower's onBlock). */
  onBlock(block: FollowedBlock): void {
    const ids: string[] = [];
    const record = (events: readonly FollowedEvent[]) => {
      for (const e of events) {
        const kind = QUERY_EVENT_KINDS[e.type];
        const id = kind && attributeOf(e, "query_id");
        if (!kind || !id) continue;
        const list = this.byQuery.get(id) ?? [];
        list.push({ kind, height: block.height });
        this.byQuery.set(id, list);
        ids.push(id);
      }
    };
    for (const tx of block.txs) if (tx.code === 0) record(tx.events);
    record(block.events);
    if (block.height > this.newest) this.newest = block.height;
    this.blocks.push({ height: block.height, ids });
    this.prune();
    for (const id of new Set(ids)) {
      const ws = this.waiters.get(id);
      if (ws) for (const w of [...ws]) w.wake(this.seenAfter(id, w.after));
    }
  }

  next(queryId: bigint, after: bigint, fallbackMs: number): Promise<QueryEventsSeen> {
    const id = queryId.toString();
    const already = this.seenAfter(id, after);
    if (already.kinds.length > 0) return Promise.resolve(already);
    return new Promise((resolve) => {
      const ws = this.waiters.get(id) ?? new Set<Waiter>();
      const w: Waiter = {
        after,
        wake: (s) => {
          clearTimeout(timer);
          ws.delete(w);
          if (ws.size === 0) this.waiters.delete(id);
          resolve(s);
        },
      };
      const timer = setTimeout(() => w.wake({ kinds: [], height: this.newest }), fallbackMs);
      ws.add(w);
      this.waiters.set(id, ws);
    });
  }

  /** Wakes every waiter with no events (on disconnect: they re-read and see their own timeouts). */
  wakeAll(): void {
    for (const ws of this.waiters.values()) for (const w of [...ws]) w.wake({ kinds: [], height: this.newest });
  }

  private seenAfter(id: string, after: bigint): QueryEventsSeen {
    const kinds = (this.byQuery.get(id) ?? []).filter((s) => s.height > after).map((s) => s.kind);
    return { kinds, height: this.newest };
  }

  private prune(): void {
    while (this.blocks.length > this.keepBlocks) {
      const old = this.blocks.shift()!;
      for (const id of old.ids) {
        const left = (this.byQuery.get(id) ?? []).filter((s) => s.height > old.height);
        if (left.length > 0) this.byQuery.set(id, left);
        else this.byQuery.delete(id);
      }
    }
  }
}
