import { describe, expect, it } from "vitest";
import type { VerdictProof } from "./light-client";
import { proofJson, proofLine } from "./proof-output";

const proof = (trust: VerdictProof["trust"]): VerdictProof => ({
  height: 41n, headerHeight: 42n, appHash: "ab".repeat(32), trust, signedPower: trust === "validators" ? 30n : 0n, totalPower: 40n,
  signers: trust === "validators" ? 3 : 0, validators: 4, leafIndex: 0n, leafCount: 2n, anchored: false, verified: true,
});

describe("proof output", () => {
  it("prints height, power and trust as JSON strings", () => {
    expect(proofJson(proof("validators"))).toMatchObject({ height: "41", headerHeight: "42", signedPower: "30", totalPower: "40", trust: "validators", verified: true });
    expect(proofJson(undefined)).toBeNull();
  });

  it("says which trust the summary rests on", () => {
    expect(proofLine(proof("validators"))).toMatch(/verdict 1\/2 of block 41 rebuilds the app hash of header 42, signed by 30\/40 voting power \(3\/4 validators\)/);
    expect(proofLine(proof("validators"))).toMatch(/not pinned/);
    expect(proofLine({ ...proof("validators"), anchored: true })).toMatch(/of the trusted validators$/);
    expect(proofLine(proof("single-node"))).toMatch(/trusted ONE node/);
    expect(proofLine(undefined)).toMatch(/not checked/);
  });
});
