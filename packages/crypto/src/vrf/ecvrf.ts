// RFC 9381 ECVRF (§5) with encode-to-curve by try-and-increment (§5.4.1.1), RFC 6979 nonces (§5.4.2.1) and
// SEC1 compressed points, written once over noble's Weierstrass points and instantiated by a `VrfSuite`.
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import { assertBytes } from "../util/assert";
import { bigIntToBytesBE, bytesToBigIntBE, concatBytes } from "../util/bytes";
import { rfc6979Nonce } from "./rfc6979-nonce";
import type { VrfSuite } from "./suites";

type Point = WeierstrassPoint<bigint>;

const DOMAIN_ENCODE = 0x01;
const DOMAIN_CHALLENGE = 0x02;
const DOMAIN_PROOF_TO_HASH = 0x03;
const BACK = 0x00;

export type VrfVerifyResult = { valid: true; beta: Uint8Array } | { valid: false; beta?: undefined; reason: string };

const order = (suite: VrfSuite) => suite.Point.Fn.ORDER;
const cofactor = (suite: VrfSuite) => suite.Point.CURVE().h;
const ptLen = (suite: VrfSuite) => suite.qLen + 1;
const proofLen = (suite: VrfSuite) => ptLen(suite) + suite.cLen + suite.qLen;
const pointToString = (p: Point) => p.toBytes(true);

function assertSuite(suite: VrfSuite): void {
  if (typeof suite !== "object" || suite === null || typeof suite.suiteString !== "number" || !suite.Point) {
    throw new TypeError("suite: expected a VrfSuite such as ECVRF_P256_SHA256_TAI");
  }
  // Try-and-increment reads the whole hash as an x-coordinate, so it must be exactly one field element wide.
  if (suite.hash.outputLen !== suite.qLen) throw new RangeError("suite: hash output length must equal qLen");
}

/** SEC1 compressed decoding; undefined (RFC "INVALID") for anything that is not a canonical curve point. */
function stringToPoint(suite: VrfSuite, bytes: Uint8Array): Point | undefined {
  if (bytes.length !== ptLen(suite) || (bytes[0] !== 0x02 && bytes[0] !== 0x03)) return undefined;
  // x must be a canonical field element; do not rely on the decoder to reduce or reject it.
  if (bytesToBigIntBE(bytes.subarray(1)) >= suite.Point.Fp.ORDER) return undefined;
  try {
    const p = suite.Point.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch {
    return undefined;
  }
}

function secretScalar(suite: VrfSuite, secretKey: Uint8Array): bigint {
  assertBytes("secretKey", secretKey, suite.qLen);
  const x = bytesToBigIntBE(secretKey);
  if (x === 0n || x >= order(suite)) throw new RangeError("secretKey: expected a scalar in [1, n)");
  return x;
}

/** RFC 9381 §5.4.1.1: H = string_to_point(0x02 ‖ Hash(suite ‖ 0x01 ‖ salt ‖ alpha ‖ ctr ‖ 0x00)), ctr = 0, 1, … */
export function encodeToCurveTai(suite: VrfSuite, salt: Uint8Array, alpha: Uint8Array): Point {
  assertSuite(suite);
  assertBytes("salt", salt);
  assertBytes("alpha", alpha);
  for (let ctr = 0; ctr < 256; ctr++) {
    const hashString = suite.hash(
      concatBytes(Uint8Array.of(suite.suiteString, DOMAIN_ENCODE), salt, alpha, Uint8Array.of(ctr, BACK)),
    );
    const h = stringToPoint(suite, concatBytes(Uint8Array.of(0x02), hashString));
    if (h !== undefined) return cofactor(suite) === 1n ? h : h.multiply(cofactor(suite));
  }
  // Each try succeeds with probability ~1/2: 256 failures do not happen for a sound suite.
  throw new Error("encodeToCurveTai: no curve point found in 256 tries");
}

/** RFC 9381 §5.4.3: the first cLen bytes of Hash(suite ‖ 0x02 ‖ P1 ‖ … ‖ P5 ‖ 0x00) as an integer. */
export function vrfChallenge(suite: VrfSuite, points: readonly Point[]): bigint {
  const digest = suite.hash(
    concatBytes(Uint8Array.of(suite.suiteString, DOMAIN_CHALLENGE), ...points.map(pointToString), Uint8Array.of(BACK)),
  );
  return bytesToBigIntBE(digest.subarray(0, suite.cLen));
}

/** RFC 9381 §5.4.2.1: the RFC 6979 nonce for secret scalar x and h_string = point_to_string(H). */
export function vrfNonce(suite: VrfSuite, x: bigint, hString: Uint8Array): bigint {
  return rfc6979Nonce(suite.hash, order(suite), x, hString);
}

/** The public key PK_string = point_to_string(x·B) for a secret key SK (big-endian scalar, qLen bytes). */
export function vrfPublicKey(suite: VrfSuite, secretKey: Uint8Array): Uint8Array {
  assertSuite(suite);
  return pointToString(suite.Point.BASE.multiply(secretScalar(suite, secretKey)));
}

/** A proof and its VRF output (beta), as `vrfProve` + `vrfProofToHash` would give them. */
export type VrfProofWithOutput = { proof: Uint8Array; beta: Uint8Array };

/** A prover bound to one secret key: the scalar and the public key point are computed once, not per proof. */
export interface VrfProver {
  /** PK_string, as `vrfPublicKey`. */
  readonly publicKey: Uint8Array;
  /** The same bytes as `vrfProve`, plus beta taken from Gamma directly (no proof decoding). */
  prove(alpha: Uint8Array): VrfProofWithOutput;
}

export function vrfProver(suite: VrfSuite, secretKey: Uint8Array): VrfProver {
  assertSuite(suite);
  const x = secretScalar(suite, secretKey);
  const { BASE } = suite.Point;
  const y = BASE.multiply(x);
  const publicKey = pointToString(y);
  return {
    publicKey,
    prove(alpha: Uint8Array): VrfProofWithOutput {
      assertBytes("alpha", alpha);
      const h = encodeToCurveTai(suite, publicKey, alpha);
      const gamma = h.multiply(x);
      const k = vrfNonce(suite, x, pointToString(h));
      const c = vrfChallenge(suite, [y, h, gamma, BASE.multiply(k), h.multiply(k)]);
      const s = (k + c * x) % order(suite);
      const proof = concatBytes(pointToString(gamma), bigIntToBytesBE(c, suite.cLen), bigIntToBytesBE(s, suite.qLen));
      return { proof, beta: gammaToHash(suite, gamma) };
    },
  };
}

/** RFC 9381 §5.1: pi = point_to_string(Gamma) ‖ int_to_string(c, cLen) ‖ int_to_string(s, qLen). */
export function vrfProve(suite: VrfSuite, secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  assertSuite(suite);
  assertBytes("alpha", alpha);
  return vrfProver(suite, secretKey).prove(alpha).proof;
}

type DecodedProof = { gamma: Point; c: bigint; s: bigint };

/** RFC 9381 §5.4.4; a string reason instead of INVALID so callers can report what was wrong. */
function decodeProof(suite: VrfSuite, proof: Uint8Array): DecodedProof | string {
  if (proof.length !== proofLen(suite)) return `proof: expected ${proofLen(suite)} bytes, got ${proof.length}`;
  const gamma = stringToPoint(suite, proof.subarray(0, ptLen(suite)));
  if (gamma === undefined) return "proof: Gamma is not a valid curve point";
  const c = bytesToBigIntBE(proof.subarray(ptLen(suite), ptLen(suite) + suite.cLen));
  const s = bytesToBigIntBE(proof.subarray(ptLen(suite) + suite.cLen));
  if (s >= order(suite)) return "proof: s is not below the group order";
  return { gamma, c, s };
}

function gammaToHash(suite: VrfSuite, gamma: Point): Uint8Array {
  const cleared = cofactor(suite) === 1n ? gamma : gamma.multiply(cofactor(suite));
  return suite.hash(
    concatBytes(Uint8Array.of(suite.suiteString, DOMAIN_PROOF_TO_HASH), pointToString(cleared), Uint8Array.of(BACK)),
  );
}

/**
 * RFC 9381 §5.2: beta = Hash(suite ‖ 0x03 ‖ point_to_string(cofactor·Gamma) ‖ 0x00). Only meaningful for a
 * proof that `vrfVerify` accepted; throws if the proof does not even decode.
 */
export function vrfProofToHash(suite: VrfSuite, proof: Uint8Array): Uint8Array {
  assertSuite(suite);
  assertBytes("proof", proof);
  const decoded = decodeProof(suite, proof);
  if (typeof decoded === "string") throw new Error(decoded);
  return gammaToHash(suite, decoded.gamma);
}

/** RFC 9381 §5.3 with key validation (§5.4.5): the public key must be a compressed point, not the identity. */
export function vrfVerify(
  suite: VrfSuite,
  publicKey: Uint8Array,
  alpha: Uint8Array,
  proof: Uint8Array,
): VrfVerifyResult {
  assertSuite(suite);
  assertBytes("publicKey", publicKey);
  assertBytes("alpha", alpha);
  assertBytes("proof", proof);
  const y = stringToPoint(suite, publicKey);
  if (y === undefined) return { valid: false, reason: "publicKey: not a valid compressed curve point" };
  if (y.isSmallOrder()) return { valid: false, reason: "publicKey: small-order point" };
  const decoded = decodeProof(suite, proof);
  if (typeof decoded === "string") return { valid: false, reason: decoded };
  const { gamma, c, s } = decoded;
  const { BASE } = suite.Point;
  const h = encodeToCurveTai(suite, publicKey, alpha);
  const u = BASE.multiplyUnsafe(s).subtract(y.multiplyUnsafe(c));
  const v = h.multiplyUnsafe(s).subtract(gamma.multiplyUnsafe(c));
  // An honest proof never yields the identity here; it has no SEC1 compressed encoding, so reject it.
  if (u.is0() || v.is0()) return { valid: false, reason: "proof: does not verify" };
  if (vrfChallenge(suite, [y, h, gamma, u, v]) !== c) return { valid: false, reason: "proof: does not verify" };
  return { valid: true, beta: gammaToHash(suite, gamma) };
}
