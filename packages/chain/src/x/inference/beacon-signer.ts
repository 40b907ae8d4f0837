// The proposer's VRF signer from its secp256k1 secret key (ECVRF-SECP256K1-SHA256-TAI).
// The key's scalar and public key are computed once. `prefetch(alpha)` proves on a worker thread
// ahead of time (the node calls it after each commit with the next block's alpha); `prove` uses
// that result only for the very same alpha and computes inline otherwise. ECVRF proofs are
// deterministic (RFC 6979 nonces), so the bytes are the same either way: only the timing moves.
import { ECVRF_SECP256K1_SHA256_TAI, equalBytes, vrfProveSecp256k1OnWorker, vrfProver } from "@nesa/crypto";
import type { BeaconSigner } from "./keeper";

export interface PrefetchingBeaconSigner extends BeaconSigner {
  /** The proof and its VRF output (beta), so the beacon need not decode the proof again. */
  proveWithOutput(alpha: Uint8Array): { proof: Uint8Array; output: Uint8Array };
  /** Starts proving `alpha` on a worker; resolves (never rejects) when done or failed. */
  prefetch(alpha: Uint8Array): Promise<void>;
}

export function beaconSignerFromSecret(secretKey: Uint8Array): PrefetchingBeaconSigner {
  const prover = vrfProver(ECVRF_SECP256K1_SHA256_TAI, secretKey);
  const sk = Uint8Array.from(secretKey);
  let ahead: { alpha: Uint8Array; done: Promise<void>; result?: { proof: Uint8Array; output: Uint8Array } } | undefined;
  const proveWithOutput = (alpha: Uint8Array) => {
    if (ahead?.result && equalBytes(ahead.alpha, alpha)) {
      const r = ahead.result;
      ahead = undefined;
      return r;
    }
    const { proof, beta } = prover.prove(alpha);
    return { proof, output: beta };
  };
  return {
    publicKey: prover.publicKey,
    prove: (alpha) => proveWithOutput(alpha).proof,
    proveWithOutput,
    prefetch(alpha) {
      if (ahead && equalBytes(ahead.alpha, alpha)) return ahead.done;
      const entry: NonNullable<typeof ahead> = { alpha: Uint8Array.from(alpha), done: Promise.resolve() };
      entry.done = vrfProveSecp256k1OnWorker(sk, alpha).then(
        ({ proof, beta }) => {
          entry.result = { proof, output: beta };
        },
        () => undefined, // no worker: BeginBlock proves inline
      );
      ahead = entry;
      return entry.done;
    },
  };
}
