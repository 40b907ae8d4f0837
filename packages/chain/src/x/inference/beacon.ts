// BeginBlock VRF beacon: the proposer proves ECVRF (secp256k1, RFC 9381 TAI) over
// chain_id ‖ height ‖ previous app hash; proof and output are stored per height.
import { ECVRF_SECP256K1_SHA256_TAI, beaconAlpha, vrfProofToHash, vrfVerify } from "@nesa/crypto";
import type { Context } from "../../app/module";
import type { InferenceKeeper } from "./keeper";
import type { Beacon } from "./proto";

export function computeBeacon(k: InferenceKeeper, ctx: Context): Beacon | undefined {
  if (!k.beaconSigner) return undefined;
  const alpha = beaconAlpha(ctx.chainId, ctx.height, ctx.lastAppHash);
  const proof = k.beaconSigner.prove(alpha);
  return {
    height: ctx.height,
    proof,
    output: vrfProofToHash(ECVRF_SECP256K1_SHA256_TAI, proof),
    proposerPubkey: k.beaconSigner.publicKey,
    prevAppHash: ctx.lastAppHash,
  };
}

/** Anyone can check a stored beacon from public data (the client SDK does the same). */
export function verifyBeacon(chainId: string, b: Beacon): boolean {
  const alpha = beaconAlpha(chainId, b.height, b.prevAppHash);
  const res = vrfVerify(ECVRF_SECP256K1_SHA256_TAI, b.proposerPubkey, alpha, b.proof);
  return res.valid && res.beta.length === b.output.length && res.beta.every((x, i) => x === b.output[i]);
}

export function beginBlockBeacon(k: InferenceKeeper, ctx: Context): void {
  const beacon = computeBeacon(k, ctx);
  if (beacon) k.setBeacon(ctx, beacon);
  const retention = k.params(ctx).beaconRetentionBlocks;
  if (retention > 0n && ctx.height > retention) k.deleteBeacon(ctx, ctx.height - retention);
}
