// HSS-EE on the data plane: the client splits the EE-encrypted input into two additive shares, commits on chain
// to sha256(d0 ‖ d1) (d_n = sha256 of share n's canonical encoding) and seals share n to the miner of each
// replica's share-n seat with the associated data below. The dispatcher checks the published digests against
// the commitment; each share seat checks the pair again and its opened share against d_n.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * ECIES associated data of a sealed share: binds it to its query, replica and share index, so a share cannot be
 * replayed into another query or seat.
 *
 * @example
 * eciesSeal(seatPubkey, encodeTensor(share0), hssShareAad(queryId, replica, 0));
 */
export function hssShareAad(queryId: bigint | string, replica: number, share: number): Uint8Array {
  return new TextEncoder().encode(`nesa/hss-share/v1/${queryId}/${replica}/${share}`);
}

/**
 * The input_commitment of an HSS-EE query, hex: sha256(d0 ‖ d1) over the shares' digests (32 bytes each).
 *
 * @example
 * hssInputCommitment([bytesToHex(sha256(encodeTensor(s0))), bytesToHex(sha256(encodeTensor(s1)))]);
 */
export function hssInputCommitment(shareDigests: readonly [string, string]): string {
  shareDigests.forEach((d, i) => {
    if (typeof d !== "string" || !HEX32.test(d)) throw new TypeError(`shareDigests[${i}]: expected a lower-case hex sha256, got ${JSON.stringify(d)}`);
  });
  const joined = new Uint8Array(64);
  joined.set(hexToBytes(shareDigests[0]), 0);
  joined.set(hexToBytes(shareDigests[1]), 32);
  return bytesToHex(sha256(joined));
}
