import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, utf8ToBytes } from "../util/bytes";
import { encodeToCurveTai, vrfProofToHash, vrfProve, vrfPublicKey, vrfVerify } from "./ecvrf";
import { ECVRF_P256_SHA256_TAI as P256, ECVRF_SECP256K1_SHA256_TAI as K1 } from "./suites";

// Not RFC vectors (RFC 9381 has no secp256k1 suite): the values published in the secp256k1_sha256_tai tests of
// witnet/vrf-rs and repeated by sedaprotocol/vrf-go, both with suite byte 0xFE. Matching them shows that our
// secp256k1 instantiation is the same construction other implementations use.
describe("ECVRF-SECP256K1-SHA256-TAI matches vrf-rs / vrf-go (suite 0xFE)", () => {
  const sample = utf8ToBytes("sample");
  const pk = hexToBytes("032c8c31fc9f990c6b55e3865a184a4ce50e09481f2eaeb3e60ec1cea13a6ae645");
  it("prove with SK = n − 1", () => {
    const sk = hexToBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
    expect(bytesToHex(vrfProve(K1, sk, sample))).toBe(
      "03cc8a4f11c8dde5cbaad50f523c43389aa9eb407288570cf2bcd2e524ac0cbf88" +
        "123d52707735b2ecff030dbdd71ac3a20166e4fb77f254dae61c6a35c694e539ae2d51e2ffce166cc455386aadb28bad",
    );
  });
  it("encode_to_curve and verify", () => {
    expect(encodeToCurveTai(K1, pk, sample).toHex(true)).toBe(
      "0221ceb1ce22cd34d8b73a619164ed64e917ca31fd454075d02e4bdfa9c5ce0b48",
    );
    const pi = hexToBytes(
      "0338ec99b5d0f94ebcc2c704c04af3de8b4289df8798e5fb9f920d7f5d77ac03d7" +
        "718b9677d1c9348649ac2ec4f7ecbe519b30dd10c4eb5efc21dd5944709f2f3b7e97a25f6f095334593502d05103bc5b",
    );
    const result = vrfVerify(K1, pk, sample, pi);
    expect(result.valid).toBe(true);
    expect(result.beta && bytesToHex(result.beta)).toBe(
      "d466c22e14dc3b7fd169668dd3ee9ac6351429a24aebc5e8af61a0f0de89b65a",
    );
  });
});

describe("ECVRF-SECP256K1-SHA256-TAI", () => {
  const sk = hexToBytes("0101010101010101010101010101010101010101010101010101010101010101");
  const sk2 = hexToBytes("0202020202020202020202020202020202020202020202020202020202020202");
  const alpha = utf8ToBytes("nesa-localnet/42");

  it("round-trips prove and verify, and beta is the proof's hash", () => {
    const pk = vrfPublicKey(K1, sk);
    expect(pk).toHaveLength(33);
    const pi = vrfProve(K1, sk, alpha);
    expect(pi).toHaveLength(81);
    const result = vrfVerify(K1, pk, alpha, pi);
    expect(result.valid).toBe(true);
    expect(result.beta).toEqual(vrfProofToHash(K1, pi));
    expect(vrfProve(K1, sk, alpha)).toEqual(pi);
  });

  it("gives different outputs for different keys and alphas, and rejects cross-checks", () => {
    const pi = vrfProve(K1, sk, alpha);
    const other = vrfProve(K1, sk, utf8ToBytes("nesa-localnet/43"));
    expect(vrfProofToHash(K1, other)).not.toEqual(vrfProofToHash(K1, pi));
    expect(vrfVerify(K1, vrfPublicKey(K1, sk2), alpha, pi).valid).toBe(false);
    expect(vrfVerify(K1, vrfPublicKey(K1, sk), utf8ToBytes("nesa-localnet/43"), pi).valid).toBe(false);
  });

  it("is domain-separated from the P-256 suite by its suite byte", () => {
    // The same secret scalar gives a different proof and output on each suite.
    const p = vrfProve(P256, sk, alpha);
    const k = vrfProve(K1, sk, alpha);
    expect(bytesToHex(p)).not.toBe(bytesToHex(k));
    expect(vrfVerify(P256, vrfPublicKey(P256, sk), alpha, k).valid).toBe(false);
  });
});
