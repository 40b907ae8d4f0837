import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { committeeWeight, REPUTATION_ONE } from "./committee-weight";
import { drawCommittee } from "./draw-committee";

describe("committeeWeight", () => {
  it("is stake × reputation / 10^6, rounded down", () => {
    expect(committeeWeight(2_000_000n, REPUTATION_ONE)).toBe(2_000_000n);
    expect(committeeWeight(2_000_000n, 800_000n)).toBe(1_600_000n);
    expect(committeeWeight(3n, 500_000n)).toBe(1n);
    expect(committeeWeight(1n, 999_999n)).toBe(0n);
  });
  it("rejects negative or non-bigint inputs, naming the argument", () => {
    expect(() => committeeWeight(-1n, REPUTATION_ONE)).toThrow(/stake/);
    expect(() => committeeWeight(1n, 1 as unknown as bigint)).toThrow(/reputationPpm/);
  });
  it("moves the draw: at equal stake the reputable miner wins a single seat more often", () => {
    const candidates = [
      { address: "good", weight: committeeWeight(1_000_000n, 1_500_000n) },
      { address: "bad", weight: committeeWeight(1_000_000n, 500_000n) },
    ];
    let good = 0;
    for (let i = 0; i < 400; i++) {
      const [seat] = drawCommittee({ seed: sha256(Uint8Array.of(i & 255, i >> 8)), candidates, shards: 1, replicas: 1 });
      if (seat.miner === "good") good++;
    }
    // Expected 300 of 400 (weights 3:1).
    expect(good).toBeGreaterThan(260);
    expect(good).toBeLessThan(340);
  });
});
