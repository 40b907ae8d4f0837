// The bytes CometBFT 0.38 hashes and signs, rebuilt from what the stock cosmjs comet client returns: the header hash
// (types/block.go Header.Hash: merkle root of 14 proto-encoded fields), the validator set hash (types/validator_set.go:
// merkle root of SimpleValidator encodings) and a precommit's sign bytes (types/vote.go VoteSignBytes: the
// length-delimited CanonicalVote of types/canonical.proto). Message types come from cosmjs-types; CanonicalVote
// and the gogoproto wrapper types are not in cosmjs-types, so they are written field by field with its BinaryWriter.
import { bytesToHex, merkleRoot } from "@nesa/crypto";
import type { ReadonlyDateWithNanoseconds, comet38 } from "@cosmjs/tendermint-rpc";
import { BinaryWriter } from "cosmjs-types/binary";
import { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import type { PublicKey } from "cosmjs-types/tendermint/crypto/keys";
import { BlockID } from "cosmjs-types/tendermint/types/types";
import { SimpleValidator } from "cosmjs-types/tendermint/types/validator";
import { Consensus } from "cosmjs-types/tendermint/version/types";

/** tendermint.types.SignedMsgType PRECOMMIT. */
const PRECOMMIT_TYPE = 2;

/** google.protobuf.Timestamp of a cosmjs date with its sub-millisecond nanoseconds. */
export function timestampOf(date: ReadonlyDateWithNanoseconds): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000 + (date.nanoseconds ?? 0);
  return { seconds: BigInt(seconds), nanos };
}

// gogoproto wrappers (cdcEncode in types/encoding_helper.go): a zero value encodes to no bytes at all.
const stringValue = (s: string) => (s === "" ? new Uint8Array() : new BinaryWriter().uint32(10).string(s).finish());
const int64Value = (n: bigint) => (n === 0n ? new Uint8Array() : new BinaryWriter().uint32(8).int64(n).finish());
const bytesValue = (b: Uint8Array) => (b.length === 0 ? new Uint8Array() : new BinaryWriter().uint32(10).bytes(b).finish());

function blockIdProto(id: comet38.BlockId | null): BlockID {
  return { hash: id?.hash ?? new Uint8Array(), partSetHeader: { total: id?.parts.total ?? 0, hash: id?.parts.hash ?? new Uint8Array() } };
}

/** CometBFT Header.Hash(): what a commit's block_id.hash must equal. */
export function cometHeaderHash(h: comet38.Header): Uint8Array {
  return merkleRoot([
    Consensus.encode({ block: BigInt(h.version.block), app: BigInt(h.version.app) }).finish(),
    stringValue(h.chainId),
    int64Value(BigInt(h.height)),
    Timestamp.encode(timestampOf(h.time)).finish(),
    BlockID.encode(blockIdProto(h.lastBlockId)).finish(),
    bytesValue(h.lastCommitHash),
    bytesValue(h.dataHash),
    bytesValue(h.validatorsHash),
    bytesValue(h.nextValidatorsHash),
    bytesValue(h.consensusHash),
    bytesValue(h.appHash),
    bytesValue(h.lastResultsHash),
    bytesValue(h.evidenceHash),
    bytesValue(h.proposerAddress),
  ]);
}

/** ValidatorSet.Hash(): merkle root of SimpleValidator{pub_key, voting_power} in the set's order. */
export function cometValidatorSetHash(validators: readonly comet38.Validator[]): Uint8Array {
  return merkleRoot(
    validators.map((v) => {
      if (v.pubkey?.algorithm !== "ed25519") throw new TypeError(`validator ${bytesToHex(v.address)} has no ed25519 key`);
      const pubKey: PublicKey = { ed25519: v.pubkey.data };
      return SimpleValidator.encode({ pubKey, votingPower: v.votingPower }).finish();
    }),
  );
}

/**
 * VoteSignBytes(chainId, precommit for blockId at height/round, timestamp): uvarint length ‖ CanonicalVote{1 type,
 * 2 sfixed64 height, 3 sfixed64 round, 4 CanonicalBlockID{1 hash, 2 CanonicalPartSetHeader{1 total, 2 hash}},
 * 5 Timestamp (always present), 6 chain_id}; proto3 zero values are omitted, as gogoproto does, and so is a zero
 * block id (types/canonical.go CanonicalizeBlockID).
 */
export function precommitSignBytes(p: { chainId: string; height: bigint; round: bigint; blockId: comet38.BlockId; timestamp: Timestamp }): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(8).int32(PRECOMMIT_TYPE);
  if (p.height !== 0n) w.uint32(17).sfixed64(p.height);
  if (p.round !== 0n) w.uint32(25).sfixed64(p.round);
  // CanonicalizeBlockID: a zero block id (a nil vote) is left out; the part-set header is non-nullable.
  const { hash, parts } = p.blockId;
  if (hash.length > 0 || parts.total !== 0 || parts.hash.length > 0) {
    const partSet = new BinaryWriter();
    if (parts.total !== 0) partSet.uint32(8).uint32(parts.total);
    if (parts.hash.length > 0) partSet.uint32(18).bytes(parts.hash);
    const blockId = new BinaryWriter();
    if (hash.length > 0) blockId.uint32(10).bytes(hash);
    blockId.uint32(18).bytes(partSet.finish());
    w.uint32(34).bytes(blockId.finish());
  }
  w.uint32(42).bytes(Timestamp.encode(p.timestamp).finish());
  if (p.chainId !== "") w.uint32(50).string(p.chainId);
  const body = w.finish();
  return new BinaryWriter().bytes(body).finish();
}
