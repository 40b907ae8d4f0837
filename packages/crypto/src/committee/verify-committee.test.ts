import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { drawCommittee } from "./draw-committee";
import { verifyCommittee } from "./verify-committee";

const params = {
  seed: sha256(new Uint8Array([42])),
  candidates: Array.from({ length: 10 }, (_, i) => ({ address: `m${i}`, weight: BigInt(10 + i) })),
  shards: 2,
  replicas: 3,
};

describe("verifyCommittee", () => {
  it("accepts the re-derived committee in any order", () => {
    const seats = drawCommittee(params);
    expect(verifyCommittee(params, [...seats].reverse())).toEqual({ valid: true, mismatches: [] });
  });

  it("reports exactly the seat whose miner was swapped", () => {
    const seats = drawCommittee(params);
    const outsider = params.candidates.map((c) => c.address).find((a) => !seats.some((s) => s.miner === a))!;
    const claimed = seats.map((s, i) => (i === 4 ? { ...s, miner: outsider } : s));
    const result = verifyCommittee(params, claimed);
    expect(result.valid).toBe(false);
    expect(result.mismatches).toEqual([
      { shard: seats[4].shard, replica: seats[4].replica, expected: seats[4].miner, claimed: outsider },
    ]);
  });

  it("reports missing, extra and duplicated seats", () => {
    const seats = drawCommittee(params);
    const missing = verifyCommittee(params, seats.slice(1));
    expect(missing.mismatches).toEqual([{ shard: 0, replica: 0, expected: seats[0].miner, claimed: undefined }]);
    const extra = verifyCommittee(params, [...seats, { shard: 9, replica: 0, miner: "m1" }]);
    expect(extra.mismatches).toEqual([{ shard: 9, replica: 0, expected: undefined, claimed: "m1" }]);
    const dup = verifyCommittee(params, [...seats, seats[2]]);
    expect(dup.valid).toBe(false);
    expect(dup.mismatches).toHaveLength(1);
  });

  it("fails for a committee drawn with another seed", () => {
    const other = drawCommittee({ ...params, seed: sha256(new Uint8Array([43])) });
    expect(verifyCommittee(params, other).valid).toBe(false);
  });
});
