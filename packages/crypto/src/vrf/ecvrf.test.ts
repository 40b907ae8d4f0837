import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, utf8ToBytes } from "../util/bytes";
import { encodeToCurveTai, vrfNonce, vrfProofToHash, vrfProve, vrfPublicKey, vrfVerify } from "./ecvrf";
import { ECVRF_P256_SHA256_TAI } from "./suites";

// RFC 9381 Appendix B.1, ECVRF-P256-SHA256-TAI, Examples 10, 11 and 12 (SK, PK, alpha, H, k, U, V, pi, beta).
const RFC9381_B1 = [
  {
    sk: "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
    pk: "0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
    alpha: "73616d706c65",
    h: "0272a877532e9ac193aff4401234266f59900a4a9e3fc3cfc6a4b7e467a15d06d4",
    k: "0d90591273453d2dc67312d39914e3a93e194ab47a58cd598886897076986f77",
    u: "02bb6a034f67643c6183c10f8b41dc4babf88bff154b674e377d90bde009c21672",
    v: "02893ebee7af9a0faa6da810da8a91f9d50e1dc071240c9706726820ff919e8394",
    pi:
      "035b5c726e8c0e2c488a107c600578ee75cb702343c153cb1eb8dec77f4b5071b4" +
      "a53f0a46f018bc2c56e58d383f2305e0975972c26feea0eb122fe7893c15af376b33edf7de17c6ea056d4d82de6bc02f",
    beta: "a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e",
  },
  {
    sk: "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
    pk: "0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
    alpha: "74657374",
    h: "02173119b4fff5e6f8afed4868a29fe8920f1b54c2cf89cc7b301d0d473de6b974",
    k: "5852353a868bdce26938cde1826723e58bf8cb06dd2fed475213ea6f3b12e961",
    u: "022779a2cafcb65414c4a04a4b4d2adf4c50395f57995e89e6de823250d91bc48e",
    v: "033b4a14731672e82339f03b45ff6b5b13dee7ada38c9bf1d6f8f61e2ce5921119",
    pi:
      "034dac60aba508ba0c01aa9be80377ebd7562c4a52d74722e0abae7dc3080ddb56" +
      "c19e067b15a8a8174905b13617804534214f935b94c2287f797e393eb0816969d864f37625b443f30f1a5a33f2b3c854",
    beta: "a284f94ceec2ff4b3794629da7cbafa49121972671b466cab4ce170aa365f26d",
  },
  {
    sk: "2ca1411a41b17b24cc8c3b089cfd033f1920202a6c0de8abb97df1498d50d2c8",
    pk: "03596375e6ce57e0f20294fc46bdfcfd19a39f8161b58695b3ec5b3d16427c274d",
    alpha: bytesToHex(utf8ToBytes("Example using ECDSA key from Appendix L.4.2 of ANSI.X9-62-2005")),
    h: "0258055c26c4b01d01c00fb57567955f7d39cd6f6e85fd37c58f696cc6b7aa761d",
    k: "5689e2e08e1110b4dda293ac21667eac6db5de4a46a519c73d533f69be2f4da3",
    u: "020f465cd0ec74d2e23af0abde4c07e866ae4e5138bded5dd1196b8843f380db84",
    v: "036cb6f811428fc4904370b86c488f60c280fa5b496d2f34ff8772f60ed24b2d1d",
    pi:
      "03d03398bf53aa23831d7d1b2937e005fb0062cbefa06796579f2a1fc7e7b8c667" +
      "d091c00b0f5c3619d10ecea44363b5a599cadc5b2957e223fec62e81f7b4825fc799a771a3d7334b9186bdbee87316b1",
    beta: "90871e06da5caa39a3c61578ebb844de8635e27ac0b13e829997d0d95dd98c19",
  },
];

const P256 = ECVRF_P256_SHA256_TAI;

describe("ECVRF-P256-SHA256-TAI on RFC 9381 Appendix B.1", () => {
  for (const [i, t] of RFC9381_B1.entries()) {
    const sk = hexToBytes(t.sk);
    const alpha = hexToBytes(t.alpha);
    it(`example ${10 + i}: PK, H, k, U, V`, () => {
      expect(bytesToHex(vrfPublicKey(P256, sk))).toBe(t.pk);
      const h = encodeToCurveTai(P256, hexToBytes(t.pk), alpha);
      expect(h.toHex(true)).toBe(t.h);
      const k = vrfNonce(P256, BigInt(`0x${t.sk}`), hexToBytes(t.h));
      expect(k.toString(16).padStart(64, "0")).toBe(t.k);
      expect(P256.Point.BASE.multiply(k).toHex(true)).toBe(t.u);
      expect(h.multiply(k).toHex(true)).toBe(t.v);
    });
    it(`example ${10 + i}: pi, beta, verify`, () => {
      const pi = vrfProve(P256, sk, alpha);
      expect(bytesToHex(pi)).toBe(t.pi);
      expect(bytesToHex(vrfProofToHash(P256, pi))).toBe(t.beta);
      const result = vrfVerify(P256, hexToBytes(t.pk), alpha, hexToBytes(t.pi));
      expect(result.valid).toBe(true);
      expect(result.beta && bytesToHex(result.beta)).toBe(t.beta);
    });
  }

  const t = RFC9381_B1[0];
  const pk = hexToBytes(t.pk);
  const pi = hexToBytes(t.pi);
  it("rejects the proof for another alpha or another key", () => {
    expect(vrfVerify(P256, pk, hexToBytes(RFC9381_B1[1].alpha), pi).valid).toBe(false);
    expect(vrfVerify(P256, hexToBytes(RFC9381_B1[2].pk), hexToBytes(t.alpha), pi).valid).toBe(false);
  });

  it("rejects a proof with any single byte flipped", () => {
    for (let i = 0; i < pi.length; i++) {
      const bad = pi.slice();
      bad[i] ^= 0x01;
      expect(vrfVerify(P256, pk, hexToBytes(t.alpha), bad).valid, `byte ${i}`).toBe(false);
    }
  });

  it("rejects truncated proofs, s ≥ n and malformed public keys with a reason", () => {
    const alpha = hexToBytes(t.alpha);
    expect(vrfVerify(P256, pk, alpha, pi.subarray(0, 80))).toMatchObject({ valid: false, reason: /81 bytes/ });
    const bigS = pi.slice();
    bigS.fill(0xff, 49);
    expect(vrfVerify(P256, pk, alpha, bigS)).toMatchObject({ valid: false, reason: /group order/ });
    const uncompressed = P256.Point.fromBytes(pk).toBytes(false);
    expect(vrfVerify(P256, uncompressed, alpha, pi)).toMatchObject({ valid: false, reason: /publicKey/ });
    const offCurve = pk.slice();
    offCurve[0] = 0x04;
    expect(vrfVerify(P256, offCurve, alpha, pi).valid).toBe(false);
  });

  it("checks argument types and secret key range, naming the argument", () => {
    expect(() => vrfProve(P256, new Uint8Array(31), new Uint8Array())).toThrow(/secretKey/);
    expect(() => vrfProve(P256, new Uint8Array(32), new Uint8Array())).toThrow(/secretKey/);
    expect(() => vrfProve(P256, hexToBytes(t.sk), "x" as unknown as Uint8Array)).toThrow(/alpha/);
    expect(() => vrfVerify(P256, pk, new Uint8Array(), [1, 2] as unknown as Uint8Array)).toThrow(/proof/);
    expect(() => vrfProofToHash(P256, new Uint8Array(10))).toThrow(/proof/);
  });
});
