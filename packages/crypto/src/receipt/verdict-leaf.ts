// What the app hash commits to about verdicts (x/inference README, "Verdict receipts"): one Merkle leaf per verdict
// finalized in a block, and the app hash = sha256(tag ‖ state digest ‖ verdict root). The chain builds it, the SDK
// recomputes it from a receipt: one definition here so the two can never drift.
import { sha256 } from "@noble/hashes/sha2.js";
import { assertBytes, assertU64, assertUint } from "../util/assert";
import { concatBytes, lengthPrefixed, lengthPrefixedUtf8, u32be, u64be } from "../util/bytes";
import { merkleLeafHash } from "../merkle/merkle-tree";

export const VERDICT_LEAF_TAG = "nesa/verdict-leaf/v1";
export const APP_HASH_TAG = "nesa/app-hash/v1";

export interface VerdictLeafSeat {
  shard: number;
  replica: number;
  miner: string;
  /** SeatOutcome enum value. */
  outcome: number;
}

/** The verdict plus the query fields that say what was asked (so a receipt cannot be re-labelled). */
export interface VerdictLeafFields {
  queryId: bigint;
  /** Height of the block whose EndBlock reached the verdict. */
  height: bigint;
  /** QueryStatus enum value (FINALIZED or FAILED). */
  status: number;
  /** FailureReason enum value (0 when FINALIZED). */
  reason: number;
  owner: string;
  modelId: string;
  inputCommitment: Uint8Array;
  resultReplica: number;
  /** The agreed output digest (empty when FAILED). */
  resultDigest: Uint8Array;
  generatedTokens: number;
  seats: readonly VerdictLeafSeat[];
}

/**
 * len‖tag ‖ u64 query_id ‖ u64 height ‖ u32 status ‖ u32 reason ‖ len‖owner ‖ len‖model_id ‖ len‖input_commitment ‖
 * u32 result_replica ‖ len‖result_digest ‖ u32 generated_tokens ‖ u32 n ‖ n × (u32 shard ‖ u32 replica ‖ len‖miner ‖
 * u32 outcome); integers big-endian, len = u32 big-endian byte count. Fixed widths and length prefixes make it
 * injective: two different verdicts never encode alike.
 */
export function encodeVerdictLeaf(v: VerdictLeafFields): Uint8Array {
  assertU64("queryId", v.queryId);
  assertU64("height", v.height);
  assertBytes("inputCommitment", v.inputCommitment);
  assertBytes("resultDigest", v.resultDigest);
  assertUint("seats.length", v.seats.length);
  const parts: Uint8Array[] = [
    lengthPrefixedUtf8(VERDICT_LEAF_TAG),
    u64be(v.queryId, "queryId"),
    u64be(v.height, "height"),
    u32be(v.status, "status"),
    u32be(v.reason, "reason"),
    lengthPrefixedUtf8(v.owner, "owner"),
    lengthPrefixedUtf8(v.modelId, "modelId"),
    lengthPrefixed(v.inputCommitment, "inputCommitment"),
    u32be(v.resultReplica, "resultReplica"),
    lengthPrefixed(v.resultDigest, "resultDigest"),
    u32be(v.generatedTokens, "generatedTokens"),
    u32be(v.seats.length, "seats.length"),
  ];
  for (const s of v.seats) {
    parts.push(u32be(s.shard, "seat.shard"), u32be(s.replica, "seat.replica"), lengthPrefixedUtf8(s.miner, "seat.miner"), u32be(s.outcome, "seat.outcome"));
  }
  return concatBytes(...parts);
}

/** The verdict's Merkle leaf hash: sha256(0x00 ‖ encodeVerdictLeaf(v)). */
export const verdictLeafHash = (v: VerdictLeafFields): Uint8Array => merkleLeafHash(encodeVerdictLeaf(v));

/** app_hash = sha256(len‖"nesa/app-hash/v1" ‖ state_digest(32) ‖ verdict_root(32)). */
export function combineAppHash(stateDigest: Uint8Array, verdictRoot: Uint8Array): Uint8Array {
  if (stateDigest.length !== 32) throw new RangeError(`state digest must be 32 bytes, got ${stateDigest.length}`);
  if (verdictRoot.length !== 32) throw new RangeError(`verdict root must be 32 bytes, got ${verdictRoot.length}`);
  return sha256(concatBytes(lengthPrefixedUtf8(APP_HASH_TAG), stateDigest, verdictRoot));
}
