import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { concatBytes, lengthPrefixedUtf8, u32be, u64be, utf8ToBytes } from "../util/bytes";
import { type ResultCommitmentParams, resultCommitment, verifyResultCommitment } from "./result-commitment";

const base: ResultCommitmentParams = {
  queryId: 12n,
  shard: 1,
  replica: 2,
  miner: "nesa1minerxyz",
  outputDigest: sha256(utf8ToBytes("output")),
  salt: sha256(utf8ToBytes("salt")),
};

describe("resultCommitment", () => {
  it("matches the documented encoding", () => {
    const expected = sha256(
      concatBytes(
        lengthPrefixedUtf8("nesa/result-commit/v1"),
        u64be(12n),
        u32be(1),
        u32be(2),
        u32be(13),
        utf8ToBytes("nesa1minerxyz"),
        u32be(32),
        base.outputDigest,
        u32be(32),
        base.salt,
      ),
    );
    expect(resultCommitment(base)).toEqual(expected);
  });

  it("changes when any single field changes", () => {
    const c0 = resultCommitment(base);
    const flipped = (b: Uint8Array) => {
      const o = b.slice();
      o[0] ^= 1;
      return o;
    };
    const variants: ResultCommitmentParams[] = [
      { ...base, queryId: 13n },
      { ...base, shard: 2 },
      { ...base, replica: 3 },
      { ...base, miner: "nesa1minerxyZ" },
      { ...base, outputDigest: flipped(base.outputDigest) },
      { ...base, salt: flipped(base.salt) },
      { ...base, salt: base.salt.subarray(0, 31) },
      // Swapping shard and replica must not collide.
      { ...base, shard: 2, replica: 1 },
    ];
    const all = new Set(variants.map((v) => Buffer.from(resultCommitment(v)).toString("hex")));
    expect(all.size).toBe(variants.length);
    expect(all.has(Buffer.from(c0).toString("hex"))).toBe(false);
  });

  it("moves no bytes between miner and salt without changing the hash", () => {
    const a = resultCommitment({ ...base, miner: "ab", salt: utf8ToBytes("cdefghijklmnopqrs") });
    const b = resultCommitment({ ...base, miner: "abc", salt: utf8ToBytes("defghijklmnopqrs") });
    expect(a).not.toEqual(b);
  });

  it("rejects bad fields, naming them", () => {
    expect(() => resultCommitment({ ...base, queryId: -1n })).toThrow(/queryId/);
    expect(() => resultCommitment({ ...base, shard: -1 })).toThrow(/shard/);
    expect(() => resultCommitment({ ...base, replica: 2 ** 32 })).toThrow(/replica/);
    expect(() => resultCommitment({ ...base, miner: "" })).toThrow(/miner/);
    expect(() => resultCommitment({ ...base, outputDigest: new Uint8Array(31) })).toThrow(/outputDigest/);
    expect(() => resultCommitment({ ...base, salt: new Uint8Array(15) })).toThrow(/salt/);
  });
});

describe("verifyResultCommitment", () => {
  it("accepts the opening and rejects any changed field", () => {
    const commitment = resultCommitment(base);
    expect(verifyResultCommitment({ ...base, commitment })).toBe(true);
    expect(verifyResultCommitment({ ...base, replica: 0, commitment })).toBe(false);
    expect(verifyResultCommitment({ ...base, miner: "nesa1other", commitment })).toBe(false);
    const wrong = commitment.slice();
    wrong[31] ^= 0x80;
    expect(verifyResultCommitment({ ...base, commitment: wrong })).toBe(false);
    expect(() => verifyResultCommitment({ ...base, commitment: new Uint8Array(5) })).toThrow(/commitment/);
  });
});
