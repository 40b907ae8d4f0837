// Test fixture (not exported from the package): a CometBFT-shaped validator set with real ed25519 keys and a
// header at some height signed by any subset of it, built with the same encoders the check uses. The encoders
// themselves are pinned to CometBFT's own test vectors in comet-encoding.test.ts and to a real node in
// test/integration/cometbft-receipts.test.ts; this fixture is for the rules around them (power, flags, keys).
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { BlockIdFlag } from "@cosmjs/tendermint-rpc";
import { ed25519PublicKey, signEd25519 } from "@nesa/crypto";
import { sha256 } from "@noble/hashes/sha2.js";
import { cometHeaderHash, cometValidatorSetHash, precommitSignBytes, timestampOf } from "./comet-encoding";

export interface FixtureValidator {
  readonly secret: Uint8Array;
  readonly validator: comet38.Validator;
}

const h32 = (s: string) => sha256(new TextEncoder().encode(s));

export function fixtureValidators(powers: readonly bigint[]): FixtureValidator[] {
  return powers.map((votingPower, i) => {
    const secret = sha256(Uint8Array.of(0x5e, i));
    const data = ed25519PublicKey(secret);
    return { secret, validator: { address: sha256(data).slice(0, 20), pubkey: { algorithm: "ed25519", data }, votingPower } };
  });
}

/** A date as cosmjs decodes one from RFC 3339 with nanoseconds. */
export function cometDate(iso: string, nanoseconds: number): comet38.Header["time"] {
  return Object.assign(new Date(iso), { nanoseconds });
}

export function fixtureHeader(p: { chainId: string; height: number; appHash: Uint8Array; validators: readonly FixtureValidator[] }): comet38.Header {
  return {
    version: { block: 11, app: 0 },
    chainId: p.chainId,
    height: p.height,
    time: cometDate("2026-12-07T08:00:00.123Z", 456_789),
    lastBlockId: { hash: h32("last block"), parts: { total: 1, hash: h32("last parts") } },
    lastCommitHash: h32("last commit"),
    dataHash: h32("data"),
    validatorsHash: cometValidatorSetHash(p.validators.map((v) => v.validator)),
    nextValidatorsHash: cometValidatorSetHash(p.validators.map((v) => v.validator)),
    consensusHash: h32("consensus"),
    appHash: p.appHash,
    lastResultsHash: h32("results"),
    evidenceHash: sha256(new Uint8Array()),
    proposerAddress: p.validators[0].validator.address,
  };
}

export type SlotPlan = "commit" | "absent" | "nil";

/** The commit of `header`: slot i as `plan[i]` (default "commit"), signed with validator i's key. */
export function fixtureCommit(p: { chainId: string; header: comet38.Header; validators: readonly FixtureValidator[]; plan?: readonly SlotPlan[]; round?: number }): comet38.Commit {
  const height = BigInt(p.header.height);
  const round = p.round ?? 0;
  const blockId: comet38.BlockId = { hash: cometHeaderHash(p.header), parts: { total: 1, hash: h32(`parts ${height}`) } };
  const signatures = p.validators.map((v, i) => {
    const plan = p.plan?.[i] ?? "commit";
    if (plan === "absent") return { blockIdFlag: BlockIdFlag.Absent, validatorAddress: undefined, timestamp: undefined, signature: undefined };
    const timestamp = cometDate("2026-12-07T08:00:01.000Z", 1000 * i + 7);
    // A nil precommit signs the zero block id (and is not counted by the check).
    const signedId = plan === "nil" ? { hash: new Uint8Array(), parts: { total: 0, hash: new Uint8Array() } } : blockId;
    const message = precommitSignBytes({ chainId: p.chainId, height, round: BigInt(round), blockId: signedId, timestamp: timestampOf(timestamp) });
    return {
      blockIdFlag: plan === "nil" ? BlockIdFlag.Nil : BlockIdFlag.Commit,
      validatorAddress: Uint8Array.from(v.validator.address),
      timestamp,
      signature: Uint8Array.from(signEd25519(message, v.secret)),
    };
  });
  return { blockId, height: p.header.height, round, signatures };
}
