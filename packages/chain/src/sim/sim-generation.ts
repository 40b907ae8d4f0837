// The simulator's generator queries (PROTOCOL.md §10): random lengths and stop ids for the payer,
// and what each seat of a generator query generates and reports (honest, wrong tokens, miscount).
import * as M from "./msgs";
import { type SeatOutput, seatOutput, tokenOutput } from "./protocol-harness";
import type { Rng } from "./rng";
import { GEN_FIELDS, GEN_MODEL, MODEL_PRICE } from "./sim-world";
import type { AnyMsg } from "./tx-builder";

export interface Generation {
  inputTokens: number;
  maxNewTokens: number;
  stopTokenId?: number;
}

/** Lengths within the context most of the time; `overContext` asks for one token too many. */
export function randomGeneration(rng: Rng, overContext = false): Generation {
  const inputTokens = 1 + rng.int(30);
  const maxNewTokens = overContext ? GEN_FIELDS.contextLength - inputTokens + 1 : 1 + rng.int(30);
  return { inputTokens, maxNewTokens, stopTokenId: rng.chance(60) ? rng.int(32_000) : undefined };
}

/** What MsgPayForQuery charges for a generator query (x/payforquery README formula). */
export function generationFee(inputBytes: bigint, replicas: number, g: Generation): bigint {
  const tokens = BigInt(g.inputTokens) * GEN_FIELDS.inputPrice + BigInt(g.maxNewTokens) * GEN_FIELDS.outputPrice;
  return 1_000n + inputBytes + (MODEL_PRICE * 2n + tokens) * BigInt(replicas);
}

export function payGeneration(sender: string, inputBytes: bigint, replicas: number, g: Generation, maxFee: bigint): AnyMsg {
  return M.payForQuery({ sender, modelId: GEN_MODEL, inputBytes, replicas, maxFee, ...g });
}

/** Honest seats of the final shard stop at the stop id (a count fixed by the query) or run to max_new_tokens. */
export function honestLength(queryId: bigint, g: Generation): number {
  return g.stopTokenId === undefined ? g.maxNewTokens : 1 + Number(queryId % BigInt(g.maxNewTokens));
}

export interface GenSeat {
  out: SeatOutput;
  /** output_tokens revealed (final shard), 0 elsewhere. */
  claim: number;
  integer: boolean;
}

/**
 * A seat of a generator query. A lying final seat either generates other tokens (a different
 * digest) or, when the query stops early, reports a different length for the honest sequence.
 */
export function generatorSeat(rng: Rng, queryId: bigint, shard: number, replica: number, honest: boolean, g: Generation): GenSeat {
  if (shard === 0) return { out: seatOutput(queryId, shard, replica, honest), claim: 0, integer: false };
  const n = honestLength(queryId, g);
  const miscount = !honest && g.stopTokenId !== undefined && g.maxNewTokens > 1 && rng.chance(50);
  if (miscount) return { out: tokenOutput(queryId, replica, n, true), claim: n === g.maxNewTokens ? n - 1 : n + 1, integer: true };
  return { out: tokenOutput(queryId, replica, n, honest), claim: n, integer: true };
}
