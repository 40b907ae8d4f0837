// Stake-weighted committee draw without replacement. Pure bigint arithmetic over a sha256 counter stream, so
// the chain, the miners and the client all derive the same seats from the same public inputs.
import { sha256 } from "@noble/hashes/sha2.js";
import { assertBytes, assertPositiveInt, assertString, assertU64, describe } from "../util/assert";
import { compareUtf8, concatBytes, u64be } from "../util/bytes";
import { HashStream } from "../util/hash-stream";

export const COMMITTEE_STREAM_TAG = "nesa/committee/v1";

export type CommitteeCandidate = { address: string; weight: bigint };
export type CommitteeSeat = { shard: number; replica: number; miner: string };
export type DrawCommitteeParams = {
  /** 32 bytes, normally `committeeSeed(beacon, queryId)`. */
  seed: Uint8Array;
  candidates: readonly CommitteeCandidate[];
  shards: number;
  replicas: number;
};

/** Seed for a query's committee: sha256(beacon output (32 bytes) ‖ query id as u64 big-endian). */
export function committeeSeed(beaconOutput: Uint8Array, queryId: bigint): Uint8Array {
  assertBytes("beaconOutput", beaconOutput, 32);
  assertU64("queryId", queryId);
  return sha256(concatBytes(beaconOutput, u64be(queryId)));
}

/** Candidates with weight > 0, sorted by address (UTF-8 bytes); rejects malformed entries and duplicates. */
export function canonicalCandidates(candidates: readonly CommitteeCandidate[]): CommitteeCandidate[] {
  if (!Array.isArray(candidates)) throw new TypeError(`candidates: expected an array, got ${describe(candidates)}`);
  const out: CommitteeCandidate[] = [];
  for (const [i, c] of candidates.entries()) {
    if (typeof c !== "object" || c === null) throw new TypeError(`candidates[${i}]: expected an object`);
    assertString(`candidates[${i}].address`, c.address);
    if (typeof c.weight !== "bigint" || c.weight < 0n) {
      throw new RangeError(`candidates[${i}].weight: expected a non-negative bigint, got ${describe(c.weight)}`);
    }
    // Zero weight means no stake: such a miner can never be drawn, so it is not eligible.
    if (c.weight > 0n) out.push({ address: c.address, weight: c.weight });
  }
  out.sort((a, b) => compareUtf8(a.address, b.address));
  for (let i = 1; i < out.length; i++) {
    if (out[i].address === out[i - 1].address) {
      throw new Error(`candidates: duplicate address ${JSON.stringify(out[i].address)}`);
    }
  }
  return out;
}

/**
 * Draws S×R seats in the order shard 0..S-1 (outer), replica 0..R-1 (inner). Each seat picks x uniform in
 * [0, remaining total weight) and takes the candidate whose cumulative-weight interval (in canonical order)
 * contains x; that candidate is then removed, so no miner holds two seats of one query.
 */
export function drawCommittee(params: DrawCommitteeParams): CommitteeSeat[] {
  if (typeof params !== "object" || params === null) throw new TypeError("params: expected an object");
  const { seed, shards, replicas } = params;
  assertBytes("seed", seed, 32);
  assertPositiveInt("shards", shards, 1 << 16);
  assertPositiveInt("replicas", replicas, 1 << 16);
  const pool = canonicalCandidates(params.candidates);
  const seats = shards * replicas;
  if (pool.length < seats) {
    throw new Error(
      `candidates: ${pool.length} eligible miners (weight > 0) for ${seats} seats (${shards} shards × ${replicas} replicas)`,
    );
  }
  let total = pool.reduce((sum, c) => sum + c.weight, 0n);
  const stream = new HashStream(COMMITTEE_STREAM_TAG, seed);
  const out: CommitteeSeat[] = [];
  for (let shard = 0; shard < shards; shard++) {
    for (let replica = 0; replica < replicas; replica++) {
      let x = stream.uniformBigInt(total);
      let idx = 0;
      while (x >= pool[idx].weight) {
        x -= pool[idx].weight;
        idx++;
      }
      const [picked] = pool.splice(idx, 1);
      total -= picked.weight;
      out.push({ shard, replica, miner: picked.address });
    }
  }
  return out;
}
