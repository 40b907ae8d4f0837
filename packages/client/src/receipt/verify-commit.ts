// A CometBFT 0.38 light-client check of one signed header: the header hashes to the commit's block id, the
// validator set hashes to the header's validators_hash, and ed25519 precommits for that block id carry more than
// 2/3 of the set's voting power (types/validation.go VerifyCommitLight: only COMMIT-flag signatures count).
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { BlockIdFlag } from "@cosmjs/tendermint-rpc";
import { bytesToHex, equalBytes, verifyEd25519 } from "@nesa/crypto";
import { cometHeaderHash, cometValidatorSetHash, precommitSignBytes, timestampOf } from "./comet-encoding";
import { CommitNotTrustedError } from "./receipt-errors";

export interface SignedHeaderCheck {
  readonly height: bigint;
  /** Voting power of the validators whose precommit for this header verified. */
  readonly signedPower: bigint;
  readonly totalPower: bigint;
  readonly signers: number;
  readonly validators: number;
  /** Hex of the header hash (the block id) that was signed. */
  readonly blockHash: string;
  /** Power of the signers whose key is among `trusted` (when given; else 0). */
  readonly trustedPower: bigint;
}

/**
 * `trusted`: ed25519 consensus keys the caller knows (e.g. genesis validators). When given, the signers among them
 * must also hold more than 2/3 of the power: a node that made up a validator set of its own keys is refused.
 */
export function verifySignedHeader(p: {
  chainId: string;
  header: comet38.Header;
  commit: comet38.Commit;
  validators: readonly comet38.Validator[];
  trusted?: readonly Uint8Array[];
}): SignedHeaderCheck {
  const { chainId, header, commit, validators } = p;
  const height = BigInt(header.height);
  if (header.chainId !== chainId) throw new CommitNotTrustedError(`header ${height} is for chain "${header.chainId}", expected "${chainId}"`);
  if (BigInt(commit.height) !== height) throw new CommitNotTrustedError(`the commit is for height ${commit.height}, the header for ${height}`);
  const blockHash = cometHeaderHash(header);
  if (!equalBytes(blockHash, commit.blockId.hash)) {
    throw new CommitNotTrustedError(`header ${height} hashes to ${bytesToHex(blockHash)}, but the commit signs block ${bytesToHex(commit.blockId.hash)}`);
  }
  if (validators.length === 0) throw new CommitNotTrustedError(`no validator set for height ${height}`);
  const setHash = cometValidatorSetHash(validators);
  if (!equalBytes(setHash, header.validatorsHash)) {
    throw new CommitNotTrustedError(`the validator set served for height ${height} hashes to ${bytesToHex(setHash)}, not the header's validators_hash ${bytesToHex(header.validatorsHash)}`);
  }
  if (commit.signatures.length !== validators.length) {
    throw new CommitNotTrustedError(`the commit has ${commit.signatures.length} signature slot(s) for ${validators.length} validator(s)`);
  }
  let totalPower = 0n;
  for (const v of validators) totalPower += v.votingPower;
  let signedPower = 0n;
  let trustedPower = 0n;
  let signers = 0;
  const round = BigInt(commit.round);
  commit.signatures.forEach((sig, i) => {
    if (sig.blockIdFlag !== BlockIdFlag.Commit) return;
    const v = validators[i];
    if (!sig.validatorAddress || !equalBytes(sig.validatorAddress, v.address)) {
      throw new CommitNotTrustedError(`signature ${i} of commit ${height} names validator ${sig.validatorAddress ? bytesToHex(sig.validatorAddress) : "(none)"}, the set has ${bytesToHex(v.address)} there`);
    }
    if (!sig.signature || !sig.timestamp || v.pubkey?.algorithm !== "ed25519") {
      throw new CommitNotTrustedError(`signature ${i} of commit ${height} is incomplete or not ed25519`);
    }
    const message = precommitSignBytes({ chainId, height, round, blockId: commit.blockId, timestamp: timestampOf(sig.timestamp) });
    if (!verifyEd25519(sig.signature, message, v.pubkey.data)) {
      throw new CommitNotTrustedError(`the precommit signature of validator ${bytesToHex(v.address)} on block ${height} does not verify`);
    }
    signedPower += v.votingPower;
    signers++;
    const key = v.pubkey.data;
    if (p.trusted?.some((t) => equalBytes(t, key))) trustedPower += v.votingPower;
  });
  if (signedPower * 3n <= totalPower * 2n) {
    throw new CommitNotTrustedError(`block ${height} is signed by ${signedPower} of ${totalPower} voting power (${signers} of ${validators.length} validators); more than 2/3 is needed`);
  }
  if (p.trusted && trustedPower * 3n <= totalPower * 2n) {
    throw new CommitNotTrustedError(
      `block ${height}: only ${trustedPower} of ${totalPower} voting power signed with the ${p.trusted.length} trusted validator key(s)`,
      "the node's validator set is not the one you trust: it may serve another chain; check trustedValidators against the chain's genesis",
    );
  }
  return { height, signedPower, totalPower, signers, validators: validators.length, blockHash: bytesToHex(blockHash), trustedPower };
}
