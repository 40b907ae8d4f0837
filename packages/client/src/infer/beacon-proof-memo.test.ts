import { ECVRF_SECP256K1_SHA256_TAI, vrfVerify } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { ClientErrorCode, CommitteeMismatchError } from "../errors/nesa-error";
import { FAKE_CHAIN_ID, PROPOSER_PK, fakeAssignment } from "../testing/fake-chain";
import { BeaconProofMemo, beaconProofMemo } from "./beacon-proof-memo";
import { verifyAssignment } from "./verify-assignment";

const flip = (b: Uint8Array, i: number) => Uint8Array.from(b, (x, j) => (j === i ? x ^ 1 : x));

describe("BeaconProofMemo", () => {
  it("verifies a beacon once, however many queries share it, and re-verifies any changed input", () => {
    let runs = 0;
    const memo = new BeaconProofMemo(4, (pk, alpha, proof) => {
      runs++;
      return vrfVerify(ECVRF_SECP256K1_SHA256_TAI, pk, alpha, proof);
    });
    const beacon = fakeAssignment({ height: 30n }).committee.beacon!;
    const inputs = { chainId: FAKE_CHAIN_ID, height: 30n, prevAppHash: beacon.prevAppHash, proof: beacon.proof, proposerPubkey: beacon.proposerPubkey };
    for (let i = 0; i < 5; i++) expect(memo.verifyBeacon(inputs).valid).toBe(true);
    expect(runs).toBe(1);
    // Same height, other proof / chain id / prev app hash: each is a new verification, and each fails.
    expect(memo.verifyBeacon({ ...inputs, proof: flip(inputs.proof, 40) }).valid).toBe(false);
    expect(memo.verifyBeacon({ ...inputs, chainId: "other-chain" }).valid).toBe(false);
    expect(memo.verifyBeacon({ ...inputs, prevAppHash: flip(inputs.prevAppHash, 0) }).valid).toBe(false);
    expect(runs).toBe(4);
  });

  it("keeps at most maxEntries, evicting the least recently used", () => {
    let runs = 0;
    const memo = new BeaconProofMemo(2, () => {
      runs++;
      return { valid: false, reason: "stub" };
    });
    const at = (h: bigint) => ({ chainId: "c", height: h, prevAppHash: new Uint8Array(1), proof: new Uint8Array(1), proposerPubkey: new Uint8Array(1) });
    memo.verifyBeacon(at(1n));
    memo.verifyBeacon(at(2n));
    memo.verifyBeacon(at(1n)); // 1 is now the most recent
    memo.verifyBeacon(at(3n)); // evicts 2
    expect(memo.size).toBe(2);
    memo.verifyBeacon(at(1n));
    expect(runs).toBe(3);
    memo.verifyBeacon(at(2n));
    expect(runs).toBe(4);
  });

  it("verifyAssignment still refuses a tampered proof for a height whose beacon is already cached", () => {
    const good = fakeAssignment({ queryId: 41n, height: 77n });
    verifyAssignment({ chainId: FAKE_CHAIN_ID, ...good, proposerPubkeys: [PROPOSER_PK] });
    const sizeAfterGood = beaconProofMemo.size;
    const bad = fakeAssignment({ queryId: 42n, height: 77n });
    bad.committee.beacon!.proof = flip(bad.committee.beacon!.proof, 40);
    let err: unknown;
    try {
      verifyAssignment({ chainId: FAKE_CHAIN_ID, ...bad, proposerPubkeys: [PROPOSER_PK] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CommitteeMismatchError);
    expect((err as CommitteeMismatchError).code).toBe(ClientErrorCode.BeaconInvalid);
    expect(beaconProofMemo.size).toBeGreaterThanOrEqual(Math.min(sizeAfterGood + 1, 256));
  });
});
