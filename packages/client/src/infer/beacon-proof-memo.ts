// ECVRF verification of a block's beacon, remembered per process. Every query assigned in a block shares that
// block's beacon, and verifying it (two scalar multiplications plus hash-to-curve, ~11 ms in JS) was the largest
// client cost per query under load. The verification is a pure function of (chain id, height, prev_app_hash,
// proof, proposer key), so all of them are the key: a different proof for a cached height is verified afresh,
// never answered from the memo. The per-query part (seed, committee draw) is not memoized.
import { ECVRF_SECP256K1_SHA256_TAI, beaconAlpha, bytesToHex, vrfVerify } from "@nesa/crypto";

export type BeaconVerifyResult = ReturnType<typeof vrfVerify>;

export interface BeaconProofInputs {
  readonly chainId: string;
  readonly height: bigint;
  readonly prevAppHash: Uint8Array;
  readonly proof: Uint8Array;
  readonly proposerPubkey: Uint8Array;
}

/** A bounded LRU over a verify function; `verify` is injectable so tests can count the real work done. */
export class BeaconProofMemo {
  private readonly entries = new Map<string, BeaconVerifyResult>();

  constructor(
    private readonly maxEntries = 256,
    private readonly verify: (pubkey: Uint8Array, alpha: Uint8Array, proof: Uint8Array) => BeaconVerifyResult = (pk, alpha, proof) =>
      vrfVerify(ECVRF_SECP256K1_SHA256_TAI, pk, alpha, proof),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  verifyBeacon(b: BeaconProofInputs): BeaconVerifyResult {
    const key = `${b.chainId}|${b.height}|${bytesToHex(b.prevAppHash)}|${bytesToHex(b.proof)}|${bytesToHex(b.proposerPubkey)}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used goes last, so the oldest unused one is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const r = this.verify(b.proposerPubkey, beaconAlpha(b.chainId, b.height, b.prevAppHash), b.proof);
    this.entries.set(key, r);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return r;
  }
}

/** The process-wide memo verifyAssignment uses (shared by every NesaClient in the process). */
export const beaconProofMemo = new BeaconProofMemo();
