// ECVRF cipher suites (RFC 9381 §5.5). The construction in ecvrf.ts is curve-generic over noble's Weierstrass
// points; a suite fixes the curve, the hash and the suite byte that domain-separates every hash.
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { WeierstrassPointCons } from "@noble/curves/abstract/weierstrass.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { CHash } from "@noble/hashes/utils.js";

export type VrfSuite = {
  readonly name: string;
  /** One byte, prepended to every hash input (RFC 9381 suite_string). */
  readonly suiteString: number;
  readonly Point: WeierstrassPointCons<bigint>;
  readonly hash: CHash;
  /** Challenge length in bytes (cLen). */
  readonly cLen: number;
  /** Scalar length in bytes (qLen); points are SEC1 compressed, qLen + 1 bytes (ptLen). */
  readonly qLen: number;
};

/** RFC 9381 §5.5 ECVRF-P256-SHA256-TAI: suite_string 0x01. */
export const ECVRF_P256_SHA256_TAI: VrfSuite = Object.freeze({
  name: "ECVRF-P256-SHA256-TAI",
  suiteString: 0x01,
  Point: p256.Point,
  hash: sha256,
  cLen: 16,
  qLen: 32,
});

/**
 * The same construction on secp256k1 (not an RFC suite; RFC 9381 leaves other curves to their users). Suite
 * byte 0xFE, the value other secp256k1 ECVRF libraries use, keeps its hashes apart from every RFC suite.
 * secp256k1 has cofactor 1 and a 256-bit order, so cLen 16 and qLen 32 carry over unchanged.
 */
export const ECVRF_SECP256K1_SHA256_TAI: VrfSuite = Object.freeze({
  name: "ECVRF-SECP256K1-SHA256-TAI",
  suiteString: 0xfe,
  Point: secp256k1.Point,
  hash: sha256,
  cLen: 16,
  qLen: 32,
});
