import { describe, expect, it } from "vitest";
import { bytesToHex } from "../util/bytes";
import { type VerdictLeafFields, combineAppHash, encodeVerdictLeaf, verdictLeafHash } from "./verdict-leaf";

const base: VerdictLeafFields = {
  queryId: 7n, height: 30n, status: 3, reason: 0, owner: "nesa1owner", modelId: "lande", inputCommitment: new Uint8Array(32).fill(1),
  resultReplica: 0, resultDigest: new Uint8Array(32).fill(2), generatedTokens: 0, seats: [{ shard: 0, replica: 0, miner: "nesa1m0", outcome: 1 }],
};
const hex = (v: VerdictLeafFields) => bytesToHex(verdictLeafHash(v));

describe("encodeVerdictLeaf", () => {
  it("every field changes the leaf", () => {
    const variants: Partial<VerdictLeafFields>[] = [
      { queryId: 8n }, { height: 31n }, { status: 4 }, { reason: 1 }, { owner: "nesa1other" }, { modelId: "lande2" },
      { inputCommitment: new Uint8Array(32).fill(3) }, { resultReplica: 1 }, { resultDigest: new Uint8Array(0) }, { generatedTokens: 5 },
      { seats: [] }, { seats: [{ shard: 0, replica: 0, miner: "nesa1m0", outcome: 2 }] }, { seats: [{ shard: 0, replica: 1, miner: "nesa1m0", outcome: 1 }] },
    ];
    const hashes = new Set([hex(base), ...variants.map((v) => hex({ ...base, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it("length prefixes keep adjacent strings apart", () => {
    expect(hex({ ...base, owner: "ab", modelId: "c" })).not.toBe(hex({ ...base, owner: "a", modelId: "bc" }));
    expect(bytesToHex(encodeVerdictLeaf(base)).startsWith("000000146e6573612f766572646963742d6c6561662f7631")).toBe(true); // len ‖ "nesa/verdict-leaf/v1"
  });

  it("refuses out-of-range integers", () => {
    expect(() => encodeVerdictLeaf({ ...base, queryId: -1n })).toThrow();
    expect(() => encodeVerdictLeaf({ ...base, status: 2 ** 32 })).toThrow();
  });
});

describe("combineAppHash", () => {
  it("binds both halves and wants 32 bytes each", () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(bytesToHex(combineAppHash(a, b))).not.toBe(bytesToHex(combineAppHash(b, a)));
    expect(() => combineAppHash(a.slice(1), b)).toThrow(/32 bytes/);
    expect(() => combineAppHash(a, new Uint8Array(33))).toThrow(/32 bytes/);
  });
});
