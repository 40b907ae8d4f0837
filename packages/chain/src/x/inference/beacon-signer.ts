// The proposer's VRF signer from its secp256k1 secret key (ECVRF-SECP256K1-SHA256-TAI).
import { ECVRF_SECP256K1_SHA256_TAI, vrfProve, vrfPublicKey } from "@nesa/crypto";
import type { BeaconSigner } from "./keeper";

export function beaconSignerFromSecret(secretKey: Uint8Array): BeaconSigner {
  return {
    publicKey: vrfPublicKey(ECVRF_SECP256K1_SHA256_TAI, secretKey),
    prove: (alpha) => vrfProve(ECVRF_SECP256K1_SHA256_TAI, secretKey, alpha),
  };
}
