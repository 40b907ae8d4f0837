// The verdict: per shard position the majority cluster of reveals wins. Agreeing seats are paid
// (x/payforquery settle), disagreeing seats slashed and jailed, missed commits/reveals slashed;
// without a majority everywhere the query FAILS and the escrow is refunded.
import type { Context } from "../../app/module";
import { SlashReason } from "../stakingext/proto";
import { punishMissed, punishWrongResult } from "../stakingext/slashing";
import { excuseDownstream } from "./blame";
import { majorityCluster, tokenMajorityCluster } from "./consensus";
import { emitQueryFailed, emitQueryFinalized } from "./events";
import { type InferenceKeeper, isGeneratorQuery } from "./keeper";
import { recordVerdictLeaf } from "./verdict-leaves";
import { FailureReason, type InferenceQuery, QueryStatus, SeatOutcome, type SeatVerdict } from "./proto";

export interface VerdictSummary {
  finalized: boolean;
  seats: SeatVerdict[];
  resultReplica: number;
  resultDigest: Uint8Array;
  /** Generator queries: the output_tokens of the final shard's majority (0 otherwise or when not finalized). */
  generatedTokens: number;
}

/** Pure: decides every seat's outcome from the query's commits and reveals. */
export function decideVerdict(q: InferenceQuery, tolerancePpm: number, exactShards: boolean[]): VerdictSummary {
  const committed = new Set(q.commits.map((c) => `${c.shard}/${c.replica}`));
  const revealByKey = new Map(q.reveals.map((r) => [`${r.shard}/${r.replica}`, r]));
  const clusters: (number[] | undefined)[] = [];
  const last = q.shards - 1;
  const generator = isGeneratorQuery(q);
  for (let s = 0; s < q.shards + q.hssShares; s++) {
    const reveals = q.reveals.filter((r) => r.shard === s);
    // A generator's final shard reveals token ids: exact digest and output_tokens, no sketch consensus.
    if (generator && s === last) clusters.push(tokenMajorityCluster(reveals, q.replicas));
    else clusters.push(majorityCluster(reveals, q.replicas, tolerancePpm, exactShards[s] ?? false));
  }
  const finalized = clusters.every((c) => c !== undefined);
  const seats: SeatVerdict[] = q.seats.map((seat) => {
    const key = `${seat.shard}/${seat.replica}`;
    const cluster = clusters[seat.shard];
    let outcome: SeatOutcome;
    if (!committed.has(key)) outcome = SeatOutcome.SEAT_OUTCOME_MISSED_COMMIT;
    else if (!revealByKey.has(key)) outcome = SeatOutcome.SEAT_OUTCOME_MISSED_REVEAL;
    else if (!cluster) outcome = SeatOutcome.SEAT_OUTCOME_NO_MAJORITY;
    else if (!cluster.includes(seat.replica)) outcome = SeatOutcome.SEAT_OUTCOME_DISAGREED;
    // An agreeing seat of a query that failed elsewhere earns nothing and loses nothing.
    else outcome = finalized ? SeatOutcome.SEAT_OUTCOME_AGREED : SeatOutcome.SEAT_OUTCOME_NO_MAJORITY;
    return { shard: seat.shard, replica: seat.replica, miner: seat.miner, outcome };
  });
  excuseDownstream(q, seats, revealByKey);
  const lastCluster = clusters[last];
  // Cluster members come in replica order, so the first is the lowest replica.
  const resultReplica = finalized && lastCluster ? lastCluster[0] : 0;
  const result = finalized ? revealByKey.get(`${last}/${resultReplica}`) : undefined;
  const generatedTokens = generator ? (result?.outputTokens ?? 0) : 0;
  return { finalized, seats, resultReplica, resultDigest: result?.outputDigest ?? new Uint8Array(0), generatedTokens };
}

/**
 * Per shard: are its outputs integer tensors (token ids, classes)? Those must match exactly. A
 * generator query's final shard reveals its generated token ids, so it is integer whatever the
 * graph's logits output is.
 */
export function integerOutputShards(k: InferenceKeeper, ctx: Context, q: InferenceQuery): boolean[] {
  const model = k.model(ctx, q.modelId);
  // Share seats (positions ≥ S) run the HSS share stage.
  return Array.from({ length: q.shards + q.hssShares }, (_, s) => {
    if (isGeneratorQuery(q) && s === q.shards - 1) return true;
    const outputs = (s < q.shards ? model?.shards[s]?.outputs : model?.hss?.share?.outputs) ?? [];
    return outputs.length > 0 && outputs.every((o) => INTEGER_TYPES.has(o.type));
  });
}

export const INTEGER_TYPES = new Set(["int64", "int32", "int16", "int8", "uint8", "bool"]);

export function runVerdict(k: InferenceKeeper, ctx: Context, q: InferenceQuery): void {
  k.withResults(ctx, q);
  const v = decideVerdict(q, k.params(ctx).sketchTolerance, integerOutputShards(k, ctx, q));
  for (const seat of v.seats) {
    if (seat.outcome === SeatOutcome.SEAT_OUTCOME_DISAGREED) punishWrongResult(k.staking, ctx, seat.miner, q.id);
    else if (seat.outcome === SeatOutcome.SEAT_OUTCOME_MISSED_COMMIT) {
      punishMissed(k.staking, ctx, seat.miner, SlashReason.SLASH_REASON_MISSED_COMMIT, q.id);
    } else if (seat.outcome === SeatOutcome.SEAT_OUTCOME_MISSED_REVEAL) {
      punishMissed(k.staking, ctx, seat.miner, SlashReason.SLASH_REASON_MISSED_REVEAL, q.id);
    }
  }
  const prev = q.status;
  if (v.finalized) {
    const agreeing = v.seats.filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_AGREED).map((s) => s.miner);
    for (const m of agreeing) k.staking.recordServed(ctx, m, q.id);
    k.pay.settle(ctx, q.id, agreeingSeats(q, v.seats), q.seats.length, v.generatedTokens, q.commitDeadline - q.assignedHeight);
    q.status = QueryStatus.QUERY_STATUS_FINALIZED;
    q.generatedTokens = v.generatedTokens;
    q.verdict = {
      queryId: q.id,
      status: q.status,
      reason: FailureReason.FAILURE_REASON_UNSPECIFIED,
      seats: v.seats,
      resultReplica: v.resultReplica,
      resultDigest: v.resultDigest,
      height: ctx.height,
      generatedTokens: v.generatedTokens,
    };
    k.setQuery(ctx, q, prev);
    recordVerdictLeaf(ctx, q);
    emitQueryFinalized(ctx, {
      queryId: q.id,
      resultReplica: v.resultReplica,
      resultDigest: v.resultDigest,
      agreedSeats: agreeing.length,
      generatedTokens: v.generatedTokens,
    });
    return;
  }
  k.pay.refund(ctx, q.id);
  q.status = QueryStatus.QUERY_STATUS_FAILED;
  q.verdict = {
    queryId: q.id,
    status: q.status,
    reason: FailureReason.FAILURE_REASON_NO_MAJORITY,
    seats: v.seats,
    resultReplica: 0,
    resultDigest: new Uint8Array(0),
    height: ctx.height,
    generatedTokens: 0,
  };
  k.setQuery(ctx, q, prev);
  recordVerdictLeaf(ctx, q);
  emitQueryFailed(ctx, { queryId: q.id, reason: FailureReason.FAILURE_REASON_NO_MAJORITY });
}

/**
 * The agreeing seats with their commit delay (commit height − assignment height, ≥ 1: commits land after
 * the EndBlock that drew the committee), in seat order: what the speed-weighted settlement pays by.
 */
export function agreeingSeats(q: InferenceQuery, seats: SeatVerdict[]): { miner: string; commitDelay: bigint }[] {
  const commitHeight = new Map(q.commits.map((c) => [`${c.shard}/${c.replica}`, c.height]));
  return seats
    .filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_AGREED)
    .map((s) => ({ miner: s.miner, commitDelay: (commitHeight.get(`${s.shard}/${s.replica}`) ?? q.commitDeadline) - q.assignedHeight }));
}

/** Ends a query without a verdict on its results (timeout, no miners, deprecated model): refund only. */
export function failQuery(k: InferenceKeeper, ctx: Context, q: InferenceQuery, reason: FailureReason): void {
  k.pay.refund(ctx, q.id);
  const prev = q.status;
  q.status = QueryStatus.QUERY_STATUS_FAILED;
  q.verdict = { queryId: q.id, status: q.status, reason, seats: [], resultReplica: 0, resultDigest: new Uint8Array(0), height: ctx.height, generatedTokens: 0 };
  k.setQuery(ctx, q, prev);
  recordVerdictLeaf(ctx, q);
  emitQueryFailed(ctx, { queryId: q.id, reason });
}
