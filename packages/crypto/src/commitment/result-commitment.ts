// Commit-reveal binding for a miner's result. The encoding is unambiguous: a length-prefixed domain tag, fixed
// width integers, and every variable-length field prefixed with its u32 big-endian length.
import { sha256 } from "@noble/hashes/sha2.js";
import { assertBytes, assertBytesMin, assertString, assertU64, assertUint } from "../util/assert";
import { concatBytes, equalBytes, lengthPrefixed, lengthPrefixedUtf8, u32be, u64be } from "../util/bytes";

export const RESULT_COMMIT_TAG = "nesa/result-commit/v1";
/** Salts shorter than this would let an observer brute-force a low-entropy output digest before the reveal. */
export const MIN_SALT_BYTES = 16;

export type ResultCommitmentParams = {
  queryId: bigint;
  shard: number;
  replica: number;
  miner: string;
  /** 32-byte sha256 digest of the output tensor (see `tensorDigest`). */
  outputDigest: Uint8Array;
  salt: Uint8Array;
};

/**
 * sha256(len‖"nesa/result-commit/v1" ‖ u64be(queryId) ‖ u32be(shard) ‖ u32be(replica) ‖ len‖utf8(miner) ‖
 * len‖outputDigest ‖ len‖salt), where len is a u32 big-endian byte count.
 */
export function resultCommitment(params: ResultCommitmentParams): Uint8Array {
  if (typeof params !== "object" || params === null) throw new TypeError("params: expected an object");
  const { queryId, shard, replica, miner, outputDigest, salt } = params;
  assertU64("queryId", queryId);
  assertUint("shard", shard);
  assertUint("replica", replica);
  assertString("miner", miner);
  assertBytes("outputDigest", outputDigest, 32);
  assertBytesMin("salt", salt, MIN_SALT_BYTES);
  return sha256(
    concatBytes(
      lengthPrefixedUtf8(RESULT_COMMIT_TAG),
      u64be(queryId, "queryId"),
      u32be(shard, "shard"),
      u32be(replica, "replica"),
      lengthPrefixedUtf8(miner, "miner"),
      lengthPrefixed(outputDigest, "outputDigest"),
      lengthPrefixed(salt, "salt"),
    ),
  );
}

/** True when `commitment` opens to these fields. Malformed fields throw (they name the argument). */
export function verifyResultCommitment(params: ResultCommitmentParams & { commitment: Uint8Array }): boolean {
  assertBytes("commitment", params?.commitment, 32);
  return equalBytes(resultCommitment(params), params.commitment);
}
