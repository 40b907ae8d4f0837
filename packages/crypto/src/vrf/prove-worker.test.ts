import { describe, expect, it } from "vitest";
import { vrfProofToHash, vrfProve, vrfProver, vrfVerify } from "./ecvrf";
import { vrfProveSecp256k1OnWorker } from "./prove-worker";
import { ECVRF_SECP256K1_SHA256_TAI as SUITE } from "./suites";

const key = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7 + 1) & 0xff);

describe("VRF proving off the main thread", () => {
  it("vrfProver gives vrfProve's bytes and vrfProofToHash's beta", () => {
    for (let s = 0; s < 4; s++) {
      const prover = vrfProver(SUITE, key(s));
      for (let a = 0; a < 4; a++) {
        const alpha = Uint8Array.from({ length: 20 + a }, (_, i) => (i * a + s) & 0xff);
        const { proof, beta } = prover.prove(alpha);
        expect(proof).toEqual(vrfProve(SUITE, key(s), alpha));
        expect(beta).toEqual(vrfProofToHash(SUITE, proof));
      }
    }
  });

  it("the worker's proofs are byte-identical to vrfProve (plain-JS twin of ecvrf.ts)", async () => {
    const jobs = [];
    for (let s = 0; s < 6; s++) {
      for (let a = 0; a < 6; a++) {
        const alpha = Uint8Array.from({ length: a * 9 }, (_, i) => (i * 13 + a + s) & 0xff);
        jobs.push({ sk: key(s), alpha, got: vrfProveSecp256k1OnWorker(key(s), alpha) });
      }
    }
    for (const j of jobs) {
      const { proof, beta } = await j.got;
      expect(proof).toEqual(vrfProve(SUITE, j.sk, j.alpha));
      expect(beta).toEqual(vrfProofToHash(SUITE, proof));
      const v = vrfVerify(SUITE, vrfProver(SUITE, j.sk).publicKey, j.alpha, proof);
      expect(v.valid).toBe(true);
    }
  });

  it("rejects a bad secret key without killing the worker", async () => {
    await expect(vrfProveSecp256k1OnWorker(new Uint8Array(32), new Uint8Array(1))).rejects.toThrow(/scalar/);
    const ok = await vrfProveSecp256k1OnWorker(key(1), new Uint8Array(3));
    expect(ok.proof).toEqual(vrfProve(SUITE, key(1), new Uint8Array(3)));
  });
});
