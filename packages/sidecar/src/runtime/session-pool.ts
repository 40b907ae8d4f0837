// onnxruntime sessions by shard hash. Creating a session costs 100 ms+ and memory, so each shard is loaded
// once (concurrent first uses share one load) and kept until the pool is full, then the least recently used
// session is released.
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

export class SessionPool {
  private readonly sessions = new Map<string, Promise<InferenceSession>>();
  private readonly max: number;

  constructor(private readonly opts: SessionPoolOptions) {
    this.max = opts.maxSessions ?? 4;
  }

  get(sha256: string, sizeBytes?: number): Promise<InferenceSession> {
    let p = this.sessions.get(sha256);
    if (p) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.sessions.delete(sha256);
      this.sessions.set(sha256, p);
      return p;
    }
    p = this.load(sha256, sizeBytes);
    this.sessions.set(sha256, p);
    p.catch(() => this.sessions.delete(sha256));
    this.evict();
    return p;
  }

  get size(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(all.map(async (p) => (await p).release()));
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
    while (this.sessions.size > this.max) {
      const [oldest, p] = this.sessions.entries().next().value as [string, Promise<InferenceSession>];
      this.sessions.delete(oldest);
      p.then((s) => s.release()).catch(() => {});
    }
  }
}
