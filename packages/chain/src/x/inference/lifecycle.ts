// The query lifecycle, all driven from EndBlock so every node takes the same steps:
//   p: PAID ─(EndBlock of the pay block: committee from its beacon, stored in BeginBlock)→ ASSIGNED
//   ASSIGNED ─(first commit)→ COMMITTING
//   c: COMMITTING ─(EndBlock: all seats committed, or commit_deadline)→ REVEALING, sketch seed = beacon(c)
//   v: REVEALING ─(EndBlock: all commits revealed, or reveal_deadline)→ FINALIZED | FAILED
// plus TIMEOUT at the escrow's timeout height and the not-enough-miners retry. With prompt miners
// c = p+1 and v = p+2: commits land in the block after the pay block, reveals in the one after that.
import { committeeSeed, drawCommittee } from "@nesa/crypto";
import type { Context } from "../../app/module";
import { coin } from "../stakingext/coins";
import { type Escrow, type MsgPayForQuery, Privacy } from "../payforquery/proto";
import { HSS_SHARES } from "../payforquery/quote";
import { emitQueryAssigned, emitRevealPhaseStarted } from "./events";
import type { EligibleMiner } from "../stakingext/keeper";
import type { InferenceKeeper } from "./keeper";
import { Task } from "./keys";
import { FailureReason, type InferenceQuery, QueryStatus, SeatRole } from "./proto";
import { failQuery, runVerdict } from "./verdict";

/**
 * Fewest timeout blocks that fit the commit and reveal windows of a query assigned in its pay block:
 * reveal_deadline ≤ p + commit_blocks + reveal_blocks, and CLOSE_REVEAL runs before TIMEOUT at the
 * same height.
 */
export function minTimeoutBlocks(k: InferenceKeeper, ctx: Context): bigint {
  const p = k.params(ctx);
  return p.commitBlocks + p.revealBlocks;
}

/**
 * x/payforquery hook: open the query in PAID. The committee is drawn in this block's EndBlock (which
 * runs after the txs and takes the tasks they scheduled), from the beacon BeginBlock stored: nobody
 * could know that beacon when signing the payment, and miners can start as soon as the block commits.
 */
export function onQueryPaid(k: InferenceKeeper, ctx: Context, escrow: Escrow, msg: MsgPayForQuery, shards: number): void {
  const q: InferenceQuery = {
    id: escrow.queryId,
    owner: msg.sender,
    modelId: msg.modelId,
    inputCommitment: msg.inputCommitment,
    inputBytes: msg.inputBytes,
    shards,
    replicas: msg.replicas,
    privacy: msg.privacy,
    status: QueryStatus.QUERY_STATUS_PAID,
    createdHeight: ctx.height,
    assignedHeight: 0n,
    committeeSeed: new Uint8Array(0),
    commitDeadline: 0n,
    revealDeadline: 0n,
    sketchSeedHeight: 0n,
    timeoutHeight: escrow.timeoutHeight,
    seats: [],
    commits: [],
    reveals: [],
    verdict: undefined,
    candidates: [],
    // HSS_EE: two share seats per replica, drawn with the pipeline seats as positions S and S+1.
    hssShares: msg.privacy === Privacy.PRIVACY_HSS_EE ? HSS_SHARES : 0,
    // Generator queries (x/payforquery checked them against the model): lengths and stop id for the miners.
    inputTokens: msg.inputTokens,
    maxNewTokens: msg.maxNewTokens,
    stopTokenId: msg.stopTokenId,
    generatedTokens: 0,
  };
  k.setQuery(ctx, q);
  k.schedule(ctx, ctx.height, Task.ASSIGN, q.id);
  k.schedule(ctx, escrow.timeoutHeight, Task.TIMEOUT, q.id);
}

/** Seat positions per replica: the model's shards, then (HSS_EE) the share seats. */
export const positions = (q: InferenceQuery): number => q.shards + q.hssShares;

export const seatRole = (q: InferenceQuery, shard: number): SeatRole =>
  shard < q.shards ? SeatRole.SEAT_ROLE_PIPELINE : SeatRole.SEAT_ROLE_HSS_SHARE;

type Candidates = EligibleMiner[];

/**
 * `eligible` caches each model's eligible miners for this EndBlock's assignments: assignments run
 * first in EndBlock and change no stake nor reputation, so the set is the same for all of them.
 */
function assign(k: InferenceKeeper, ctx: Context, q: InferenceQuery, budget: { left: number }, eligible: Map<string, Candidates>): void {
  const model = k.model(ctx, q.modelId);
  if (!model || model.deprecated) {
    failQuery(k, ctx, q, FailureReason.FAILURE_REASON_MODEL_DEPRECATED);
    return;
  }
  const beacon = k.beacon(ctx, ctx.height);
  let candidates = eligible.get(q.modelId);
  if (!candidates) {
    candidates = k.staking.eligibleMiners(ctx, q.modelId);
    eligible.set(q.modelId, candidates);
  }
  // Not enough miners (or no beacon / over the per-block budget): retry next block until the timeout.
  if (!beacon || candidates.length < positions(q) * q.replicas || budget.left <= 0) {
    k.schedule(ctx, ctx.height + 1n, Task.ASSIGN, q.id);
    return;
  }
  budget.left--;
  const seed = committeeSeed(beacon.output, q.id);
  // The share seats are extra positions of the same draw, so every seat holder is a distinct miner.
  const seats = drawCommittee({ seed, candidates, shards: positions(q), replicas: q.replicas });
  const p = k.params(ctx);
  const prev = q.status;
  q.status = QueryStatus.QUERY_STATUS_ASSIGNED;
  q.assignedHeight = ctx.height;
  q.committeeSeed = seed;
  q.seats = seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner, role: seatRole(q, s.shard) }));
  // The snapshot keeps stake and reputation; anyone re-derives the weight with @nesa/crypto committeeWeight.
  q.candidates = candidates.map((c) => ({ miner: c.address, stake: coin(c.stake), reputation: c.reputation }));
  q.commitDeadline = ctx.height + p.commitBlocks;
  // Provisional: the reveal window is fixed when the commit phase actually closes.
  q.revealDeadline = q.commitDeadline + p.revealBlocks;
  k.setQuery(ctx, q, prev);
  k.indexSeats(ctx, q);
  k.schedule(ctx, q.commitDeadline, Task.CLOSE_COMMIT, q.id);
  emitQueryAssigned(ctx, {
    queryId: q.id,
    modelId: q.modelId,
    seats: q.seats,
    assignedHeight: q.assignedHeight,
    commitDeadline: q.commitDeadline,
    revealDeadline: q.revealDeadline,
  });
}

/** Seats of shard position `shard` that committed. */
const commitsAt = (q: InferenceQuery, shard: number) => q.commits.filter((c) => c.shard === shard).length;

export function closeCommitPhase(k: InferenceKeeper, ctx: Context, q: InferenceQuery): void {
  if (q.status !== QueryStatus.QUERY_STATUS_ASSIGNED && q.status !== QueryStatus.QUERY_STATUS_COMMITTING) return;
  // A position with too few commits can never reach a majority: decide now, slashing the missing.
  k.withResults(ctx, q);
  for (let s = 0; s < positions(q); s++) {
    if (commitsAt(q, s) * 2 <= q.replicas) {
      runVerdict(k, ctx, q);
      return;
    }
  }
  // The sketch seed is this block's beacon: every commit that closed the phase was signed before
  // this block was proposed, so no miner could know the seed when committing (README "Sketch seed").
  const prev = q.status;
  q.status = QueryStatus.QUERY_STATUS_REVEALING;
  q.sketchSeedHeight = ctx.height;
  q.revealDeadline = ctx.height + k.params(ctx).revealBlocks;
  k.setQuery(ctx, q, prev);
  k.schedule(ctx, q.revealDeadline, Task.CLOSE_REVEAL, q.id);
  emitRevealPhaseStarted(ctx, {
    queryId: q.id,
    sketchSeedHeight: q.sketchSeedHeight,
    sketchSeed: k.beacon(ctx, ctx.height)?.output ?? new Uint8Array(0),
    revealDeadline: q.revealDeadline,
  });
}

export function endBlockLifecycle(k: InferenceKeeper, ctx: Context): void {
  const budget = { left: k.params(ctx).maxAssignmentsPerBlock };
  const eligible = new Map<string, Candidates>();
  for (const [task, id] of k.takeSchedule(ctx, ctx.height)) {
    const q = k.query(ctx, id);
    if (!q) continue;
    const final = q.status === QueryStatus.QUERY_STATUS_FINALIZED || q.status === QueryStatus.QUERY_STATUS_FAILED;
    if (final) continue; // a superseded deadline
    switch (task) {
      case Task.ASSIGN:
        if (q.status === QueryStatus.QUERY_STATUS_PAID) assign(k, ctx, q, budget, eligible);
        break;
      case Task.CLOSE_COMMIT:
        closeCommitPhase(k, ctx, q);
        break;
      case Task.CLOSE_REVEAL:
        if (q.status === QueryStatus.QUERY_STATUS_REVEALING) runVerdict(k, ctx, q);
        break;
      case Task.TIMEOUT:
        failQuery(
          k,
          ctx,
          q,
          q.status === QueryStatus.QUERY_STATUS_PAID ? FailureReason.FAILURE_REASON_NOT_ENOUGH_MINERS : FailureReason.FAILURE_REASON_TIMEOUT,
        );
        break;
    }
  }
}
