// HSS-EE, before paying: the EE-encrypted input is split into its two additive shares once (every replica's
// share-n seat gets the same share n, so their partial results can be compared by the chain's consensus), and
// the query commits to sha256(d0 ‖ d1), d_n = sha256(encoding of share n). The client pays before the committee
// exists, so it cannot commit to the per-seat sealed envelopes; each seat checks its opened share against d_n.
import { type Tensor, bytesToHex, encodeTensor, hexToBytes } from "@nesa/crypto";
import { hssInputCommitment } from "@nesa/data-plane";
import type { inferenceState } from "@nesa/proto-types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { ModelCodec } from "./model-codec";

export interface HssInput {
  readonly shares: readonly [Tensor, Tensor];
  /** Hex sha256 of each share's canonical encoding. */
  readonly shareDigests: readonly [string, string];
  /** The query's input_commitment: sha256(d0 ‖ d1). */
  readonly commitment: Uint8Array;
}

/**
 * @example
 * const hss = prepareHssInput(codec, codec.encrypt(codec.prepare(image)));
 * // pay with inputCommitment: hss.commitment, then seal hss.shares[n] to each replica's share-n seat
 */
export function prepareHssInput(codec: Pick<ModelCodec, "splitShares">, encrypted: Tensor): HssInput {
  const shares = codec.splitShares(encrypted);
  const shareDigests = shares.map((s) => bytesToHex(sha256(encodeTensor(s)))) as [string, string];
  return { shares, shareDigests, commitment: hexToBytes(hssInputCommitment(shareDigests)) };
}

/**
 * The [share 0, share 1] miners of each replica: an HSS_EE committee's positions S and S+1 (x/inference README,
 * "Committee"). Empty when the query has no share seats.
 */
export function hssShareSeatsOf(query: inferenceState.InferenceQuery): string[][] {
  if (query.hssShares < 2) return [];
  return Array.from({ length: query.replicas }, (_, r) =>
    [0, 1].map((n) => query.seats.find((s) => s.shard === query.shards + n && s.replica === r)?.miner ?? ""),
  );
}
