// onnxruntime sessions by shard hash. Creating a session costs 100 ms+ and memory, so each shard is loaded
// once (concurrent first uses share one load) and kept until the pool is full, then the least recently used
// session is dropped. A session in use (acquire) is released only when its last holder is done: a generation
// seat runs on its session for as long as its decoding loop lasts, while other jobs load other shards.
import type { ShardCache } from "@nesa/model-store";
import { InferenceSession } from "onnxruntime-node";

export type SessionPoolOptions = {
  cache: Pick<ShardCache, "get">;
  /** Intra-op threads per session; 0 lets onnxruntime choose. */
  intraOpThreads: number;
  /** Busy-waiting between ops; off on small machines, where several sessions otherwise starve each other. */
  allowSpinning: boolean;
  maxSessions?: number;
};

type Entry = { session: Promise<InferenceSession>; users: number; dropped: boolean };

/** A session held for one use; `release()` (idempotent) lets the pool free it once it has dropped it. */
export type SessionLease = { session: InferenceSession; release: () => void };

export class SessionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;

  constructor(private readonly opts: SessionPoolOptions) {
    this.max = opts.maxSessions ?? 4;
  }

  /** The session of a shard, loaded if needed, without holding it (warm-up): it may be freed at any later get. */
  get(sha256: string, sizeBytes?: number): Promise<InferenceSession> {
    return this.entry(sha256, sizeBytes).session;
  }

  /** The session of a shard, held until `release()`: eviction meanwhile drops it from the pool but does not free it. */
  async acquire(sha256: string, sizeBytes?: number): Promise<SessionLease> {
    const e = this.entry(sha256, sizeBytes);
    e.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      e.users--;
      if (e.users === 0 && e.dropped) free(e);
    };
    try {
      return { session: await e.session, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Frees every session not in use now; those in use are freed by their last release. */
  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const e of all) e.dropped = true;
    await Promise.allSettled(all.filter((e) => e.users === 0).map(async (e) => (await e.session).release()));
  }

  private entry(sha256: string, sizeBytes?: number): Entry {
    const e = this.entries.get(sha256);
    if (e) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.entries.delete(sha256);
      this.entries.set(sha256, e);
      return e;
    }
    const entry: Entry = { session: this.load(sha256, sizeBytes), users: 0, dropped: false };
    this.entries.set(sha256, entry);
    entry.session.catch(() => {
      if (this.entries.get(sha256) === entry) this.entries.delete(sha256);
    });
    this.evict();
    return entry;
  }

  private async load(sha256: string, sizeBytes?: number): Promise<InferenceSession> {
    const path = await this.opts.cache.get(sha256, { sizeBytes });
    const spin = this.opts.allowSpinning ? "1" : "0";
    return InferenceSession.create(path, {
      executionProviders: ["cpu"],
      ...(this.opts.intraOpThreads > 0 ? { intraOpNumThreads: this.opts.intraOpThreads } : {}),
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
    });
  }

  private evict(): void {
    while (this.entries.size > this.max) {
      const [oldest, e] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      e.dropped = true;
      if (e.users === 0) free(e);
    }
  }
}

function free(e: Entry): void {
  e.session.then((s) => s.release()).catch(() => {});
}
