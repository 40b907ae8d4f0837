// BeginBlock VRF beacon: the proposer proves ECVRF (secp256k1, RFC 9381 TAI) over
// chain_id ‖ height ‖ previous app hash; proof and output are stored per height.
import { ECVRF_SECP256K1_SHA256_TAI, beaconAlpha, vrfProofToHash, vrfVerify } from "@nesa/crypto";
import type { Context, NextBlockInfo } from "../../app/module";
import type { BeaconSigner, InferenceKeeper } from "./keeper";
import type { Beacon } from "./proto";

export function computeBeacon(k: InferenceKeeper, ctx: Context): Beacon | undefined {
  if (!k.beaconSigner) return undefined;
  const alpha = beaconAlpha(ctx.chainId, ctx.height, ctx.lastAppHash);
  const { proof, output } = proveWithOutput(k.beaconSigner, alpha);
  return {
    height: ctx.height,
    proof,
    output,
    proposerPubkey: k.beaconSigner.publicKey,
    prevAppHash: ctx.lastAppHash,
  };
}

type WithOutput = { proveWithOutput(alpha: Uint8Array): { proof: Uint8Array; output: Uint8Array } };
type WithPrefetch = { prefetch(alpha: Uint8Array): Promise<void> };

function proveWithOutput(signer: BeaconSigner, alpha: Uint8Array): { proof: Uint8Array; output: Uint8Array } {
  if ("proveWithOutput" in signer) return (signer as BeaconSigner & WithOutput).proveWithOutput(alpha);
  const proof = signer.prove(alpha);
  return { proof, output: vrfProofToHash(ECVRF_SECP256K1_SHA256_TAI, proof) };
}

/**
 * Outside the state machine (AppModule.prepareBlock): starts the next block's proof on a worker, over
 * the same alpha BeginBlock will use. BeginBlock's result does not depend on whether this finished.
 */
export function prefetchBeacon(k: InferenceKeeper, next: NextBlockInfo): Promise<void> | undefined {
  const signer = k.beaconSigner;
  if (!signer || !("prefetch" in signer)) return undefined;
  return (signer as BeaconSigner & WithPrefetch).prefetch(beaconAlpha(next.chainId, next.height, next.lastAppHash));
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
