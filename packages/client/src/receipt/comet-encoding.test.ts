// The encoders against CometBFT v0.38's own test vectors (types/vote_test.go TestVoteSignBytesTestVectors,
// types/block_test.go TestHeaderHash): if these drift, no real signature or header would check.
import { bytesToHex } from "@nesa/crypto";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { cometHeaderHash, precommitSignBytes, timestampOf } from "./comet-encoding";
import { cometDate } from "./signed-header-fixture";

const te = new TextEncoder();
/** Go's zero time.Time, 0001-01-01T00:00:00Z, which CometBFT's vectors sign. */
const GO_ZERO_TIME = { seconds: -62135596800n, nanos: 0 };
const ZERO_ID = { hash: new Uint8Array(), parts: { total: 0, hash: new Uint8Array() } };
const hex = (xs: number[]) => bytesToHex(Uint8Array.from(xs));

describe("precommitSignBytes (types/vote.go VoteSignBytes)", () => {
  // The timestamp field of both vectors: tag 0x2a, length 11, seconds as a negative varint.
  const zeroTime = [0x2a, 0xb, 0x8, 0x80, 0x92, 0xb8, 0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x1];
  const heightRound = [0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x19, 1, 0, 0, 0, 0, 0, 0, 0];

  it("vector 1: a precommit at height 1, round 1, zero block id, no chain id", () => {
    const got = precommitSignBytes({ chainId: "", height: 1n, round: 1n, blockId: ZERO_ID, timestamp: GO_ZERO_TIME });
    expect(bytesToHex(got)).toBe(hex([0x21, 0x8, 0x2, ...heightRound, ...zeroTime]));
  });

  it("with a chain id (vector 4's chain id field on vector 1's precommit)", () => {
    const got = precommitSignBytes({ chainId: "test_chain_id", height: 1n, round: 1n, blockId: ZERO_ID, timestamp: GO_ZERO_TIME });
    expect(bytesToHex(got)).toBe(hex([0x30, 0x8, 0x2, ...heightRound, ...zeroTime, 0x32, 0xd, ...te.encode("test_chain_id")]));
  });

  it("a block id: CanonicalBlockID{hash, part set header} as field 4, before the timestamp", () => {
    const hash = sha256(te.encode("blockID_hash"));
    const parts = sha256(te.encode("blockID_part_set_header_hash"));
    const got = precommitSignBytes({ chainId: "c", height: 12345n, round: 2n, blockId: { hash, parts: { total: 1000000, hash: parts } }, timestamp: { seconds: 1n, nanos: 5 } });
    const partSet = [0x8, 0xc0, 0x84, 0x3d, 0x12, 0x20, ...parts]; // total 1000000 as a varint
    const blockId = [0xa, 0x20, ...hash, 0x12, partSet.length, ...partSet];
    const body = [0x8, 0x2, 0x11, 0x39, 0x30, 0, 0, 0, 0, 0, 0, 0x19, 2, 0, 0, 0, 0, 0, 0, 0, 0x22, blockId.length, ...blockId, 0x2a, 4, 0x8, 1, 0x10, 5, 0x32, 1, 0x63];
    expect(bytesToHex(got)).toBe(hex([body.length, ...body]));
  });
});

describe("cometHeaderHash (types/block.go Header.Hash)", () => {
  it("TestHeaderHash's vector", () => {
    const s = (x: string) => sha256(te.encode(x));
    const hash = cometHeaderHash({
      version: { block: 1, app: 2 },
      chainId: "chainId",
      height: 3,
      time: cometDate("2019-10-13T16:14:44Z", 0),
      lastBlockId: { hash: new Uint8Array(32), parts: { total: 6, hash: new Uint8Array(32) } },
      lastCommitHash: s("last_commit_hash"),
      dataHash: s("data_hash"),
      validatorsHash: s("validators_hash"),
      nextValidatorsHash: s("next_validators_hash"),
      consensusHash: s("consensus_hash"),
      appHash: s("app_hash"),
      lastResultsHash: s("last_results_hash"),
      evidenceHash: s("evidence_hash"),
      proposerAddress: s("proposer_address").slice(0, 20),
    });
    expect(bytesToHex(hash).toUpperCase()).toBe("F740121F553B5418C3EFBD343C2DBFE9E007BB67B0D020A0741374BAB65242A4");
  });
});

describe("timestampOf", () => {
  it("keeps cosmjs's sub-millisecond nanoseconds", () => {
    expect(timestampOf(cometDate("2026-12-07T08:00:00.123Z", 456_789))).toEqual({ seconds: 1796630400n, nanos: 123_456_789 });
  });
});
