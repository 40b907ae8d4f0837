// x/inference state access: params, models, queries (with their status and seat indexes),
// beacons and the per-height EndBlock schedule. Lifecycle logic lives in lifecycle.ts and verdict.ts.
import { ParamsStore, protoValue } from "../../store/params-store";
import type { Context } from "../../app/module";
import { amountOf } from "../stakingext/coins";
import type { ModelInfo, ModelRegistry } from "../stakingext/expected-keepers";
import type { StakingKeeper } from "../stakingext/keeper";
import { EMPTY, iteratePrefix, readU64, u64Key } from "../stakingext/store-util";
import type { PayForQueryKeeper } from "../payforquery/keeper";
import {
  BEACON_PREFIX,
  LATEST_BEACON_KEY,
  MODEL_PREFIX,
  MODULE_NAME,
  PARAMS_KEY,
  QUERY_PREFIX,
  STATUS_INDEX_PREFIX,
  SEAT_INDEX_PREFIX,
  type Task,
  beaconKey,
  candidatesKey,
  commitKey,
  resultCountsKey,
  revealKey,
  scheduleCountKey,
  scheduleEntryKey,
  modelKey,
  queryKey,
  seatIndexKey,
  seatIndexPrefix,
  statusIndexKey,
  statusIndexPrefix,
} from "./keys";
import { defaultParams } from "./params";
import { Beacon, Commit, InferenceQuery, Model, ModelKind, Params, type QueryStatus, Reveal } from "./proto";

/** MODEL_KIND_GENERATOR; UNSPECIFIED (models registered before kinds) is a classifier. */
export const isGenerator = (m: Pick<Model, "kind">): boolean => m.kind === ModelKind.MODEL_KIND_GENERATOR;

/** A generator query: max_new_tokens ≥ 1 (x/payforquery refuses it for classifiers). */
export const isGeneratorQuery = (q: Pick<InferenceQuery, "maxNewTokens">): boolean => q.maxNewTokens > 0;

/** Signs the block beacon with the proposer's key (the app passes the validator key). */
export interface BeaconSigner {
  /** 33-byte compressed secp256k1 public key of the proposer. */
  publicKey: Uint8Array;
  /** ECVRF proof (81 bytes) over alpha. */
  prove(alpha: Uint8Array): Uint8Array;
}

export class InferenceKeeper implements ModelRegistry {

  constructor(
    readonly staking: StakingKeeper,
    readonly pay: PayForQueryKeeper,
    readonly authority: string,
    readonly beaconSigner: BeaconSigner | undefined,
  ) {}

  private readonly paramsStore = new ParamsStore(PARAMS_KEY, protoValue(Params), defaultParams);

  params(ctx: Context): Params {
    return this.paramsStore.get(ctx.kvStore(MODULE_NAME));
  }

  setParams(ctx: Context, p: Params): void {
    this.paramsStore.set(ctx.kvStore(MODULE_NAME), p);
  }

  // ── models ──
  /** Decoded models by stored bytes: a store value is never mutated in place, so same bytes, same model. */
  private readonly modelCache = new Map<string, { bytes: Uint8Array; model: Model }>();

  model(ctx: Context, id: string): Model | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(modelKey(id));
    if (!b) return undefined;
    const hit = this.modelCache.get(id);
    if (hit?.bytes === b) return Model.fromPartial(hit.model);
    const model = Model.decode(b);
    if (this.modelCache.size > 1_000) this.modelCache.clear();
    this.modelCache.set(id, { bytes: b, model });
    return Model.fromPartial(model);
  }

  setModel(ctx: Context, m: Model): void {
    ctx.kvStore(MODULE_NAME).set(modelKey(m.id), Model.encode(m).finish());
  }

  *allModels(ctx: Context): Iterable<Model> {
    for (const [, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), MODEL_PREFIX)) yield Model.decode(v);
  }

  getModel(ctx: Context, id: string): ModelInfo | undefined {
    const m = this.model(ctx, id);
    if (!m) return undefined;
    return {
      id: m.id,
      owner: m.owner,
      price: amountOf(m.price),
      shards: m.shards.length,
      hss: m.hss !== undefined,
      minReplicas: m.minReplicas,
      deprecated: m.deprecated,
      generator: isGenerator(m)
        ? { inputPrice: amountOf(m.tokenPrice?.inputPrice), outputPrice: amountOf(m.tokenPrice?.outputPrice), contextLength: m.contextLength }
        : undefined,
    };
  }

  // ── queries ──
  query(ctx: Context, id: bigint): InferenceQuery | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(queryKey(id));
    return b ? InferenceQuery.decode(b) : undefined;
  }

  /** The query with its candidate snapshot, commits and reveals (queries, genesis export). */
  fullQuery(ctx: Context, id: bigint): InferenceQuery | undefined {
    const q = this.query(ctx, id);
    if (!q) return undefined;
    const b = ctx.kvStore(MODULE_NAME).get(candidatesKey(id));
    if (b) q.candidates = InferenceQuery.decode(b).candidates;
    return this.withResults(ctx, q);
  }

  // ── commits and reveals, one key per seat ──
  commit(ctx: Context, id: bigint, shard: number, replica: number): Commit | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(commitKey(id, shard, replica));
    return b ? Commit.decode(b) : undefined;
  }

  reveal(ctx: Context, id: bigint, shard: number, replica: number): Reveal | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(revealKey(id, shard, replica));
    return b ? Reveal.decode(b) : undefined;
  }

  hasReveal(ctx: Context, id: bigint, shard: number, replica: number): boolean {
    return ctx.kvStore(MODULE_NAME).has(revealKey(id, shard, replica));
  }

  /** Commits and reveals received so far. */
  resultCounts(ctx: Context, id: bigint): { commits: number; reveals: number } {
    const b = ctx.kvStore(MODULE_NAME).get(resultCountsKey(id));
    if (!b) return { commits: 0, reveals: 0 };
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { commits: v.getUint32(0), reveals: v.getUint32(4) };
  }

  private setResultCounts(ctx: Context, id: bigint, c: { commits: number; reveals: number }): void {
    const b = new Uint8Array(8);
    const v = new DataView(b.buffer);
    v.setUint32(0, c.commits);
    v.setUint32(4, c.reveals);
    ctx.kvStore(MODULE_NAME).set(resultCountsKey(id), b);
  }

  /** Stores a seat's commit; returns the counts after it. */
  addCommit(ctx: Context, id: bigint, c: Commit): { commits: number; reveals: number } {
    ctx.kvStore(MODULE_NAME).set(commitKey(id, c.shard, c.replica), Commit.encode(c).finish());
    const counts = this.resultCounts(ctx, id);
    counts.commits++;
    this.setResultCounts(ctx, id, counts);
    return counts;
  }

  /** Stores a seat's reveal; returns the counts after it. */
  addReveal(ctx: Context, id: bigint, r: Reveal): { commits: number; reveals: number } {
    ctx.kvStore(MODULE_NAME).set(revealKey(id, r.shard, r.replica), Reveal.encode(r).finish());
    const counts = this.resultCounts(ctx, id);
    counts.reveals++;
    this.setResultCounts(ctx, id, counts);
    return counts;
  }

  /** Attaches the seats' commits and reveals to `q` (point reads, seat order). */
  withResults(ctx: Context, q: InferenceQuery): InferenceQuery {
    q.commits = [];
    q.reveals = [];
    for (const s of q.seats) {
      const c = this.commit(ctx, q.id, s.shard, s.replica);
      if (c) q.commits.push(c);
      const r = this.reveal(ctx, q.id, s.shard, s.replica);
      if (r) q.reveals.push(r);
    }
    return q;
  }

  /**
   * Stores the query and moves its status-index entry when the status changed. Candidates, when
   * given, go to their own key; the record never carries them, nor commits and reveals (addCommit,
   * addReveal).
   */
  setQuery(ctx: Context, q: InferenceQuery, previousStatus?: QueryStatus): void {
    const store = ctx.kvStore(MODULE_NAME);
    if (q.candidates.length > 0) {
      store.set(candidatesKey(q.id), InferenceQuery.encode({ ...InferenceQuery.fromPartial({ id: q.id }), candidates: q.candidates }).finish());
    }
    store.set(queryKey(q.id), InferenceQuery.encode({ ...q, candidates: [], commits: [], reveals: [] }).finish());
    if (previousStatus !== q.status) {
      if (previousStatus !== undefined) store.delete(statusIndexKey(previousStatus, q.id));
      store.set(statusIndexKey(q.status, q.id), EMPTY);
    }
  }

  indexSeats(ctx: Context, q: InferenceQuery): void {
    const store = ctx.kvStore(MODULE_NAME);
    for (const s of q.seats) store.set(seatIndexKey(s.miner, q.id), EMPTY);
  }

  /** Every query with its candidates (genesis export, unfiltered listings). */
  *allQueries(ctx: Context): Iterable<InferenceQuery> {
    for (const [k] of iteratePrefix(ctx.kvStore(MODULE_NAME), QUERY_PREFIX)) {
      const q = this.fullQuery(ctx, readU64(k, 1));
      if (q) yield q;
    }
  }

  *queryIdsByStatus(ctx: Context, status: QueryStatus): Iterable<bigint> {
    for (const [k] of iteratePrefix(ctx.kvStore(MODULE_NAME), statusIndexPrefix(status))) yield readU64(k, 2);
  }

  *statusIndex(ctx: Context): Iterable<[QueryStatus, bigint]> {
    for (const [k] of iteratePrefix(ctx.kvStore(MODULE_NAME), STATUS_INDEX_PREFIX)) yield [k[1] as QueryStatus, readU64(k, 2)];
  }

  *queryIdsOfMiner(ctx: Context, miner: string): Iterable<bigint> {
    const prefix = seatIndexPrefix(miner);
    for (const [k] of iteratePrefix(ctx.kvStore(MODULE_NAME), prefix)) yield readU64(k, prefix.length);
  }

  hasSeatIndex(ctx: Context): boolean {
    for (const _ of iteratePrefix(ctx.kvStore(MODULE_NAME), SEAT_INDEX_PREFIX)) return true;
    return false;
  }

  // ── beacons ──
  beacon(ctx: Context, height: bigint): Beacon | undefined {
    const b = ctx.kvStore(MODULE_NAME).get(beaconKey(height));
    return b ? Beacon.decode(b) : undefined;
  }

  latestBeaconHeight(ctx: Context): bigint {
    const b = ctx.kvStore(MODULE_NAME).get(LATEST_BEACON_KEY);
    return b ? readU64(b) : 0n;
  }

  setBeacon(ctx: Context, beacon: Beacon): void {
    const store = ctx.kvStore(MODULE_NAME);
    store.set(beaconKey(beacon.height), Beacon.encode(beacon).finish());
    if (beacon.height > this.latestBeaconHeight(ctx)) store.set(LATEST_BEACON_KEY, u64Key(beacon.height));
  }

  deleteBeacon(ctx: Context, height: bigint): void {
    ctx.kvStore(MODULE_NAME).delete(beaconKey(height));
  }

  *allBeacons(ctx: Context): Iterable<Beacon> {
    for (const [, v] of iteratePrefix(ctx.kvStore(MODULE_NAME), BEACON_PREFIX)) yield Beacon.decode(v);
  }

  // ── schedules ──
  schedule(ctx: Context, height: bigint, task: Task, queryId: bigint): void {
    const store = ctx.kvStore(MODULE_NAME);
    const countKey = scheduleCountKey(height);
    const n = readCount(store.get(countKey));
    const entry = new Uint8Array(9);
    entry[0] = task;
    entry.set(u64Key(queryId), 1);
    store.set(scheduleEntryKey(height, n), entry);
    store.set(countKey, countValue(n + 1));
  }

  /** Removes and returns this height's EndBlock tasks, ordered by (task, query id). */
  takeSchedule(ctx: Context, height: bigint): [Task, bigint][] {
    const store = ctx.kvStore(MODULE_NAME);
    const countKey = scheduleCountKey(height);
    const n = readCount(store.get(countKey));
    if (n === 0) return [];
    store.delete(countKey);
    const out: [Task, bigint][] = [];
    for (let i = 0; i < n; i++) {
      const key = scheduleEntryKey(height, i);
      const e = store.get(key);
      if (!e) continue;
      store.delete(key);
      out.push([e[0] as Task, readU64(e, 1)]);
    }
    out.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return out;
  }
}

const readCount = (b: Uint8Array | undefined): number => (b && b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0) : 0);

function countValue(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}
