// HSS-EE, client side: the EE-encrypted input is split into two additive shares, and each share is sealed
// (ECIES) to the encryption key of the miner holding that share seat, with associated data binding it to the
// query, replica and share index — the same AAD the sidecar's share step opens with, so a share cannot be
// replayed into another query or seat (@nesa/data-plane hssShareAad).
import { type Tensor, eciesSeal, encodeTensor } from "@nesa/crypto";
import { hssShareAad } from "@nesa/data-plane";
import { ClientError, ClientErrorCode } from "../errors/nesa-error";

export interface SealSharesParameters {
  readonly queryId: bigint;
  readonly replica: number;
  /** The two additive shares of the EE-encrypted input (ModelCodec.splitShares). */
  readonly shares: readonly [Tensor, Tensor];
  /** Compressed secp256k1 encryption keys of the share-0 and share-1 seat miners (their on-chain encryption_pubkey). */
  readonly seatPubkeys: readonly [Uint8Array, Uint8Array];
}

/**
 * @example
 * const [s0, s1] = codec.splitShares(codec.encrypt(x));
 * const sealed = sealShares({ queryId, replica: 0, shares: [s0, s1], seatPubkeys: [minerA.encryptionPubkey, minerB.encryptionPubkey] });
 */
export function sealShares(p: SealSharesParameters): [Uint8Array, Uint8Array] {
  const [a, b] = p.seatPubkeys;
  if (a.length !== 33 || b.length !== 33) {
    throw new ClientError(ClientErrorCode.InvalidArgument, "share seat keys must be 33-byte compressed secp256k1 keys", "read them from the chain's miner records (encryption_pubkey)");
  }
  if (a.every((x, i) => x === b[i])) {
    throw new ClientError(ClientErrorCode.InvalidArgument, "both shares would go to the same key", "the two share seats must be different miners, or one miner sees the whole input");
  }
  return [0, 1].map((i) => eciesSeal(p.seatPubkeys[i], encodeTensor(p.shares[i]), hssShareAad(p.queryId, p.replica, i))) as [Uint8Array, Uint8Array];
}
