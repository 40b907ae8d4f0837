import { ECVRF_SECP256K1_SHA256_TAI, beaconAlpha, vrfProofToHash, vrfProve, vrfPublicKey } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { beaconSignerFromSecret } from "./beacon-signer";

const sk = Uint8Array.from({ length: 32 }, (_, i) => i + 5);
const alpha = (h: bigint) => beaconAlpha("chain-x", h, Uint8Array.from({ length: 32 }, (_, i) => i ^ Number(h)));

describe("beacon signer", () => {
  it("prefetched and inline proofs are the same bytes as vrfProve", async () => {
    const prefetched = beaconSignerFromSecret(sk);
    const inline = beaconSignerFromSecret(sk);
    expect(prefetched.publicKey).toEqual(vrfPublicKey(ECVRF_SECP256K1_SHA256_TAI, sk));
    for (let h = 1n; h <= 4n; h++) {
      await prefetched.prefetch(alpha(h));
      const a = prefetched.proveWithOutput(alpha(h));
      const b = inline.proveWithOutput(alpha(h));
      expect(a).toEqual(b);
      expect(a.proof).toEqual(vrfProve(ECVRF_SECP256K1_SHA256_TAI, sk, alpha(h)));
      expect(a.output).toEqual(vrfProofToHash(ECVRF_SECP256K1_SHA256_TAI, a.proof));
    }
  });

  it("a prefetch for another alpha is not used", async () => {
    const s = beaconSignerFromSecret(sk);
    await s.prefetch(alpha(7n));
    expect(s.prove(alpha(8n))).toEqual(vrfProve(ECVRF_SECP256K1_SHA256_TAI, sk, alpha(8n)));
    expect(s.prove(alpha(7n))).toEqual(vrfProve(ECVRF_SECP256K1_SHA256_TAI, sk, alpha(7n)));
  });
});
