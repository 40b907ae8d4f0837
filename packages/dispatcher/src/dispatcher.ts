// One dispatch pass per followed height: detect Redis data loss, read the pending work from chain state,
// make sure every input is in Redis, and enqueue the shard-0 job of every open replica pipeline.
import type { ShardJobData } from "@nesa/data-plane";
import { payforqueryState } from "@nesa/proto-types";
import type { Logger } from "pino";
import type { PendingQuery, PendingWorkSource } from "./chain/pending-work";
import { forEachLimit } from "./for-each-limit";
import type { DispatcherMetrics } from "./metrics/dispatcher-metrics";
import { type Shard0Enqueuer, type Shard0Job, seatJobId as jobId } from "./queue/shard0-enqueuer";
import { type HssUpload, type HssUploadStore, manifestName } from "./store/hss-upload-store";
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
  shares: HssUploadStore;
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
  /** HSS manifests seen (`query/replica`): their sealed blobs stay in the spool while the query is pending. */
  private readonly uploads = new Map<string, HssUpload>();

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
      for (const q of pending) {
        for (const s of q.shareSeats) {
          report.pendingDigests.push(manifestName(q.queryId, s.replica));
          report.pendingDigests.push(...(this.uploads.get(`${q.queryId}/${s.replica}`)?.sealed ?? []));
        }
      }
      const live = new Set<string>();
      // Redis round trips dominate a rebuild: overlap them across queries.
      await forEachLimit(pending, PASS_CONCURRENCY, (q) => this.dispatchQuery(q, report, live));
      report.inputsMissing.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      // Forget finished work so the set stays as small as the pending work.
      for (const id of this.known) if (!live.has(id)) this.known.delete(id);
      const open = new Set(pending.map((q) => q.queryId));
      for (const k of this.uploads.keys()) if (!open.has(k.split("/")[0])) this.uploads.delete(k);
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
    const { inputs, metrics } = this.deps;
    if (q.privacy === payforqueryState.Privacy.PRIVACY_HSS_EE) return this.dispatchShares(q, report, live);
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
    await this.enqueueAll(todo, report);
  }

  /**
   * HSS_EE: per open replica, the two share jobs (`query/0/r/share-N`) on the share seats' queues, each with its
   * sealed envelope and both published share digests. The share step hands the combine job to seat (0, r).
   */
  private async dispatchShares(q: PendingQuery, report: PassReport, live: Set<string>): Promise<void> {
    const { shares, metrics } = this.deps;
    const base = (r: number, n: 0 | 1): ShardJobData => ({ queryId: q.queryId, shard: 0, replica: r, inputKey: "", share: n });
    for (const s of q.shareSeats) for (const n of [0, 1] as const) live.add(jobId(base(s.replica, n)));
    const todo: Shard0Job[] = [];
    for (const s of q.shareSeats) {
      if ([0, 1].every((n) => this.known.has(jobId(base(s.replica, n as 0 | 1))))) continue;
      const got = await shares.ensure(q.queryId, s.replica);
      if (got === "missing") {
        if (!report.inputsMissing.includes(q.queryId)) report.inputsMissing.push(q.queryId);
        this.warnOnce(q.queryId, "HSS shares not uploaded yet: their jobs wait (PUT /v1/inputs/<queryId>/shares/<replica>)");
        continue;
      }
      this.uploads.set(`${q.queryId}/${s.replica}`, got.upload);
      if (got.restored > 0) {
        report.inputsRestored += got.restored;
        metrics.inputsRestored.inc(got.restored);
      }
      for (const n of [0, 1] as const) {
        todo.push({ miner: s.miners[n], data: { ...base(s.replica, n), inputKey: got.upload.sealed[n], shareDigests: got.upload.shareDigests } });
      }
    }
    await this.enqueueAll(todo, report);
  }

  private async enqueueAll(todo: Shard0Job[], report: PassReport): Promise<void> {
    const { enqueuer, metrics, logger } = this.deps;
    for (const t of todo) {
      const id = jobId(t.data);
      if (this.known.has(id)) continue;
      if (await enqueuer.enqueue(t)) {
        report.enqueued++;
        metrics.jobsEnqueued.inc();
        logger.info({ job: id, miner: t.miner, input: t.data.inputKey }, t.data.share === undefined ? "shard-0 job enqueued" : "hss share job enqueued");
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
