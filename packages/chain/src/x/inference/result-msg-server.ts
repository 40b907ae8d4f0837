// x/inference msg server, results: MsgCommitResult and MsgRevealResult.
import { MIN_SALT_BYTES, resultCommitment, validateSketch } from "@nesa/crypto";
import type { Context, MsgHandler } from "../../app/module";
import { checkAddress, msgHandler } from "../stakingext/msg-util";
import {
  ErrAlreadyCommitted,
  ErrAlreadyRevealed,
  ErrCommitClosed,
  ErrCommitmentMismatch,
  ErrInvalidAddress,
  ErrInvalidCommitment,
  ErrInvalidResult,
  ErrInvalidReveal,
  ErrInvalidSketch,
  ErrNoCommit,
  ErrNotAssigned,
  ErrNotRevealing,
  ErrNotSeatHolder,
  ErrQueryNotFound,
  ErrRevealClosed,
  ErrSeatNotFound,
} from "./errors";
import { emitResultCommitted, emitResultRevealed } from "./events";
import { type InferenceKeeper, isGeneratorQuery } from "./keeper";
import { Task } from "./keys";
import { integerOutputShards } from "./verdict";
import {
  type InferenceQuery,
  MsgCommitResult,
  MsgCommitResultResponse,
  MsgRevealResult,
  MsgRevealResultResponse,
  QueryStatus,
  type Seat,
} from "./proto";

const T = "/nesa.inference.v1.";
const MAX_SKETCH_ABS = 1n << 62n;
/** Bounds state: a header plus at most 1,024 blocks of projections. */
export const MAX_SKETCH_VALUES = 4_096;

function checkSketch(sketch: bigint[], k: number): void {
  try {
    validateSketch(sketch);
  } catch (e) {
    throw ErrInvalidSketch.wrap(`${(e as Error).message}: compute it with @nesa/crypto computeSketch`);
  }
  if (sketch[0] !== BigInt(k)) throw ErrInvalidSketch.wrap(`sketch header k is ${sketch[0]}: use sketch_k = ${k}`);
  if (sketch.length > MAX_SKETCH_VALUES) throw ErrInvalidSketch.wrap(`sketch has ${sketch.length} values (max ${MAX_SKETCH_VALUES}): use fewer blocks`);
  if (sketch.some((x) => x > MAX_SKETCH_ABS || x < -MAX_SKETCH_ABS)) throw ErrInvalidSketch.wrap("sketch values must be within ±2^62");
}

/**
 * output_tokens: the final shard of a generator query reveals how many tokens it generated (1..
 * max_new_tokens, exactly max_new_tokens without a stop_token_id); every other seat reveals 0.
 */
function checkOutputTokens(q: InferenceQuery, shard: number, outputTokens: number): void {
  if (!isGeneratorQuery(q) || shard !== q.shards - 1) {
    if (outputTokens !== 0) throw ErrInvalidReveal.wrap(`output_tokens must be 0: only the final shard (${q.shards - 1}) of a generator query reports generated tokens`);
    return;
  }
  if (outputTokens < 1 || outputTokens > q.maxNewTokens) {
    throw ErrInvalidReveal.wrap(`output_tokens ${outputTokens} must be between 1 and the query's max_new_tokens ${q.maxNewTokens}`);
  }
  if (q.stopTokenId === undefined && outputTokens !== q.maxNewTokens) {
    throw ErrInvalidReveal.wrap(`output_tokens ${outputTokens}: query ${q.id} has no stop_token_id, so every seat generates max_new_tokens ${q.maxNewTokens}`);
  }
}

function loadSeat(k: InferenceKeeper, ctx: Context, miner: string, queryId: bigint, shard: number, replica: number): { q: InferenceQuery; seat: Seat } {
  checkAddress(miner, "miner", ErrInvalidAddress);
  const q = k.query(ctx, queryId);
  if (!q) throw ErrQueryNotFound.wrap(`query_id ${queryId} does not exist`);
  if (q.status === QueryStatus.QUERY_STATUS_PAID) throw ErrNotAssigned.wrap(`query ${queryId} is waiting for its committee: retry after EventQueryAssigned`);
  const seat = q.seats.find((s) => s.shard === shard && s.replica === replica);
  if (!seat) throw ErrSeatNotFound.wrap(`query ${queryId} has no seat shard ${shard} replica ${replica} (S=${q.shards}, R=${q.replicas})`);
  if (seat.miner !== miner) throw ErrNotSeatHolder.wrap(`seat ${shard}/${replica} of query ${queryId} belongs to ${seat.miner}`);
  return { q, seat };
}

export function resultMsgHandlers(k: InferenceKeeper): MsgHandler<any>[] {
  return [
    msgHandler(`${T}MsgCommitResult`, MsgCommitResult, (m) => m.miner, `${T}MsgCommitResultResponse`, MsgCommitResultResponse, (ctx, msg) => {
      if (msg.commitment.length !== 32) throw ErrInvalidCommitment.wrap(`commitment has ${msg.commitment.length} bytes: give the 32-byte sha256 commitment`);
      const { q } = loadSeat(k, ctx, msg.miner, msg.queryId, msg.shard, msg.replica);
      const open = q.status === QueryStatus.QUERY_STATUS_ASSIGNED || q.status === QueryStatus.QUERY_STATUS_COMMITTING;
      if (!open || ctx.height > q.commitDeadline) {
        throw ErrCommitClosed.wrap(`query ${q.id} accepted commits until height ${q.commitDeadline} (now ${ctx.height}, status ${QueryStatus[q.status]})`);
      }
      if (k.commit(ctx, q.id, msg.shard, msg.replica)) {
        throw ErrAlreadyCommitted.wrap(`seat ${msg.shard}/${msg.replica} of query ${q.id} already committed: a commitment cannot be replaced`);
      }
      const counts = k.addCommit(ctx, q.id, { shard: msg.shard, replica: msg.replica, miner: msg.miner, commitment: msg.commitment, height: ctx.height });
      if (q.status === QueryStatus.QUERY_STATUS_ASSIGNED) {
        q.status = QueryStatus.QUERY_STATUS_COMMITTING;
        k.setQuery(ctx, q, QueryStatus.QUERY_STATUS_ASSIGNED);
      }
      // Every seat committed: close the commit phase in this block's EndBlock.
      if (counts.commits === q.seats.length && ctx.height < q.commitDeadline) k.schedule(ctx, ctx.height, Task.CLOSE_COMMIT, q.id);
      emitResultCommitted(ctx, { queryId: q.id, shard: msg.shard, replica: msg.replica, miner: msg.miner, commitment: msg.commitment });
      return {};
    }),
    msgHandler(`${T}MsgRevealResult`, MsgRevealResult, (m) => m.miner, `${T}MsgRevealResultResponse`, MsgRevealResultResponse, (ctx, msg) => {
      if (msg.outputDigest.length !== 32) throw ErrInvalidReveal.wrap("output_digest must be 32 bytes (sha256 of the output tensor)");
      if (msg.salt.length < MIN_SALT_BYTES || msg.salt.length > 64) throw ErrInvalidReveal.wrap(`salt must be ${MIN_SALT_BYTES}-64 bytes`);
      if (msg.inputDigest.length !== 0 && msg.inputDigest.length !== 32) {
        throw ErrInvalidReveal.wrap(`input_digest has ${msg.inputDigest.length} bytes: give the 32-byte digest of the input tensor consumed, or leave it empty`);
      }
      const { q } = loadSeat(k, ctx, msg.miner, msg.queryId, msg.shard, msg.replica);
      if (q.status !== QueryStatus.QUERY_STATUS_REVEALING) {
        throw ErrNotRevealing.wrap(`query ${q.id} is ${QueryStatus[q.status]}: reveal after the commit phase closes (EventRevealPhaseStarted)`);
      }
      if (ctx.height > q.revealDeadline) throw ErrRevealClosed.wrap(`query ${q.id} accepted reveals until height ${q.revealDeadline}`);
      const commit = k.commit(ctx, q.id, msg.shard, msg.replica);
      if (!commit) throw ErrNoCommit.wrap(`seat ${msg.shard}/${msg.replica} of query ${q.id} never committed`);
      if (k.hasReveal(ctx, q.id, msg.shard, msg.replica)) {
        throw ErrAlreadyRevealed.wrap(`seat ${msg.shard}/${msg.replica} of query ${q.id} already revealed`);
      }
      const p = k.params(ctx);
      checkSketch(msg.sketch, p.sketchK);
      const exact = integerOutputShards(k, ctx, q)[msg.shard];
      if (msg.outputIsInteger !== exact) {
        throw ErrInvalidReveal.wrap(`output_is_integer must be ${exact}: the model declares shard ${msg.shard}'s outputs as ${exact ? "integer" : "float"} tensors`);
      }
      const isFinal = msg.shard === q.shards - 1;
      checkOutputTokens(q, msg.shard, msg.outputTokens);
      if (!isFinal && msg.resultRef.length > 0) throw ErrInvalidResult.wrap("result_ref is only for the final shard's seats");
      if (BigInt(msg.resultRef.length) > p.maxResultBytes) {
        throw ErrInvalidResult.wrap(`result_ref has ${msg.resultRef.length} bytes (max ${p.maxResultBytes}): leave it empty and store the result in the data plane`);
      }
      const expected = resultCommitment({ queryId: q.id, shard: msg.shard, replica: msg.replica, miner: msg.miner, outputDigest: msg.outputDigest, salt: msg.salt });
      if (!expected.every((b, i) => b === commit.commitment[i])) {
        throw ErrCommitmentMismatch.wrap(`output_digest and salt do not hash to the commitment of seat ${msg.shard}/${msg.replica}`);
      }
      const counts = k.addReveal(ctx, q.id, {
        shard: msg.shard,
        replica: msg.replica,
        miner: msg.miner,
        outputDigest: msg.outputDigest,
        salt: msg.salt,
        sketch: msg.sketch,
        outputIsInteger: msg.outputIsInteger,
        resultRef: msg.resultRef,
        height: ctx.height,
        outputTokens: msg.outputTokens,
        inputDigest: msg.inputDigest,
      });
      // Every commitment opened: decide in this block's EndBlock instead of waiting for the deadline.
      if (counts.reveals === counts.commits && ctx.height < q.revealDeadline) k.schedule(ctx, ctx.height, Task.CLOSE_REVEAL, q.id);
      emitResultRevealed(ctx, { queryId: q.id, shard: msg.shard, replica: msg.replica, miner: msg.miner, outputDigest: msg.outputDigest });
      return {};
    }),
  ];
}
