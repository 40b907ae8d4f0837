// One dispatch pass per followed height: detect Redis data loss, read the pending work from chain state,
// make sure every input is in Redis, and enqueue the shard-0 job of every open replica pipeline.
import { payforqueryState } from "@nesa/proto-types";
import type { Logger } from "pino";
import { jobId } from "../../sidecar/src/redis/redis-keys";
import type { PendingQuery, PendingWorkSource } from "./chain/pending-work";
import { forEachLimit } from "./for-each-limit";
import type { DispatcherMetrics } from "./metrics/dispatcher-metrics";
import type { Shard0Enqueuer } from "./queue/shard0-enqueuer";
import type { DataLossSentinel } from "./store/data-loss-sentinel";
import type { InputStore } from "./store/input-store";

export type PassReport = {
  height: bigint;
  /** Why this pass rebuilt everything, if it did. */
  rebuilt?: "start" | "data-loss" | "retry";
  pendingQueries: number;
  enqueued: number;
  inputsRestored: number;
  /** Queries whose input is neither in Redis nor in the spool: their jobs wait for the upload. */
  inputsMissing: string[];
  /** Input digests of the pending queries (their spool files must be kept). */
  pendingDigests: string[];
};

export type DispatcherDeps = {
  work: PendingWorkSource;
  inputs: InputStore;
  enqueuer: Shard0Enqueuer;
  sentinel: DataLossSentinel;
  metrics: DispatcherMetrics;
  logger: Logger;
};

/** Queries dispatched at once within a pass. */
const PASS_CONCURRENCY = 16;

export class Dispatcher {
  /** Job ids known to exist in the current Redis epoch: skipped until the next rebuild. */
  private readonly known = new Set<string>();
  private rebuildReason: PassReport["rebuilt"] = "start";
  private readonly warned = new Set<string>();

  constructor(private readonly deps: DispatcherDeps) {}

  async pass(height: bigint): Promise<PassReport> {
    const { work, sentinel, metrics, logger } = this.deps;
    let rebuilt = this.rebuildReason;
    if (!rebuilt && !(await sentinel.intact())) {
      rebuilt = "data-loss";
      logger.warn({ height, sentinel: sentinel.key }, "redis lost its data: rebuilding pending jobs and inputs from chain state and the spool");
    }
    if (rebuilt) {
      metrics.rebuilds.inc({ reason: rebuilt });
      // Mark first: a data loss while we rebuild removes the mark again and is seen at the next check.
      await sentinel.mark();
      this.known.clear();
    }
    const report: PassReport = { height, rebuilt, pendingQueries: 0, enqueued: 0, inputsRestored: 0, inputsMissing: [], pendingDigests: [] };
    try {
      const pending = await work.pending();
      report.pendingQueries = pending.length;
      report.pendingDigests = pending.map((q) => q.inputDigest);
      const live = new Set<string>();
      // Redis round trips dominate a rebuild: overlap them across queries.
      await forEachLimit(pending, PASS_CONCURRENCY, (q) => this.dispatchQuery(q, report, live));
      report.inputsMissing.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      // Forget finished work so the set stays as small as the pending work.
      for (const id of this.known) if (!live.has(id)) this.known.delete(id);
      this.rebuildReason = undefined;
    } catch (err) {
      // A half-done rebuild must be redone in full: the known set no longer matches Redis.
      if (rebuilt) this.rebuildReason = "retry";
      throw err;
    }
    metrics.height.set(Number(height));
    metrics.pendingQueries.set(report.pendingQueries);
    metrics.inputsMissing.set(report.inputsMissing.length);
    if (rebuilt) logger.info({ ...report, height: String(height) }, "rebuild done");
    return report;
  }

  private async dispatchQuery(q: PendingQuery, report: PassReport, live: Set<string>): Promise<void> {
    const { inputs, enqueuer, metrics, logger } = this.deps;
    if (q.privacy === payforqueryState.Privacy.PRIVACY_HSS_EE) {
      this.warnOnce(q.queryId, "HSS_EE query skipped: per-seat sealed shares are not dispatched yet");
      return;
    }
    const todo = q.shard0.map((s) => ({ miner: s.miner, data: { queryId: q.queryId, shard: 0, replica: s.replica, inputKey: q.inputDigest } }));
    for (const t of todo) live.add(jobId(t.data));
    if (todo.every((t) => this.known.has(jobId(t.data)))) return;
    const input = await inputs.ensure(q.inputDigest);
    if (input === "missing") {
      report.inputsMissing.push(q.queryId);
      this.warnOnce(q.queryId, "input not uploaded yet: its shard-0 jobs wait (PUT /v1/inputs/<queryId>)");
      return;
    }
    if (input === "restored") {
      report.inputsRestored++;
      metrics.inputsRestored.inc();
    }
    for (const t of todo) {
      const id = jobId(t.data);
      if (this.known.has(id)) continue;
      if (await enqueuer.enqueue(t)) {
        report.enqueued++;
        metrics.jobsEnqueued.inc();
        logger.info({ job: id, miner: t.miner, input: q.inputDigest }, "shard-0 job enqueued");
      }
      this.known.add(id);
    }
  }

  private warnOnce(queryId: string, msg: string): void {
    const key = `${queryId}:${msg}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    if (this.warned.size > 10_000) this.warned.clear();
    this.deps.logger.warn({ queryId }, msg);
  }
}
