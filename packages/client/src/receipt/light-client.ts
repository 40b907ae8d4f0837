// The SDK's light-client check of a verdict: fetch the receipt, the header of the NEXT block (header H+1 carries the
// app hash after block H) with its commit and validator set through the stock cosmjs comet client, check the header
// is signed by > 2/3 of the set's power (verify-commit.ts) and that the receipt rebuilds its app hash. On the
// simulator (a single node that serves commits without signatures) the same receipt is checked against that node's
// own header, and the proof says so: trust "single-node", signedPower 0.
import type { comet38 } from "@cosmjs/tendermint-rpc";
import { bytesToHex } from "@nesa/crypto";
import type { inferenceState } from "@nesa/proto-types";
import { isNesaError } from "../errors/nesa-error";
import { CommitNotTrustedError } from "./receipt-errors";
import { verifySignedHeader } from "./verify-commit";
import { type ReceiptExpectation, verifyReceiptAgainst } from "./verify-receipt";

/** What `checkVerdictReceipt` needs from a CometBFT 0.38 RPC (Comet38Client has it). */
export interface CommitSource {
  commit(height?: number): Promise<comet38.CommitResponse>;
  validatorsAll(height?: number): Promise<comet38.ValidatorsResponse>;
}

/**
 * "validators": header H+1 is signed by more than 2/3 of its validator set (CometBFT). "single-node": the node's
 * own header, no signatures (the simulator). `require: "validators"` refuses the second.
 */
export type ReceiptTrust = "validators" | "single-node";

export interface VerdictProof {
  /** Height of the block that reached the verdict. */
  readonly height: bigint;
  /** The header that carries that block's app hash (height + 1). */
  readonly headerHeight: bigint;
  readonly appHash: string;
  readonly trust: ReceiptTrust;
  readonly signedPower: bigint;
  readonly totalPower: bigint;
  readonly signers: number;
  readonly validators: number;
  readonly leafIndex: bigint;
  readonly leafCount: bigint;
  /** The signers include `trustedValidators` keys holding > 2/3 of the power (false when none were given). */
  readonly anchored: boolean;
  readonly verified: true;
}

export interface CheckReceiptParameters {
  readonly chainId: string;
  readonly comet: CommitSource;
  readonly getReceipt: (queryId: bigint) => Promise<inferenceState.VerdictReceipt>;
  readonly expect: ReceiptExpectation;
  /** Refuse single-node trust (a node that serves unsigned commits). Default: accept it and say so. */
  readonly require?: ReceiptTrust;
  /** ed25519 consensus keys the caller trusts (genesis validators): see verifySignedHeader's `trusted`. */
  readonly trustedValidators?: readonly Uint8Array[];
  /** How long to wait for block H+1 and the receipt (default 30 s). */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The receipt is served once block H+1 is committed (inference/26), and CometBFT has no commit above its height. */
const notYet = (e: unknown) =>
  (isNesaError(e) && e.codespace === "inference" && e.code === 26) ||
  /verdict receipt not available|must be less than or equal to the current blockchain height|could not find results for height|height \d+ (is not available|must be)/i.test(String((e as Error)?.message ?? e));

async function retrying<T>(what: string, deadline: number, pollMs: number, f: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await f();
    } catch (e) {
      if (!notYet(e) || Date.now() > deadline) {
        if (notYet(e)) throw new CommitNotTrustedError(`timed out waiting for ${what}`, "the next block did not arrive in time: check the chain is producing blocks and retry");
        throw e;
      }
      await sleep(pollMs);
    }
  }
}

export async function checkVerdictReceipt(p: CheckReceiptParameters): Promise<VerdictProof> {
  const deadline = Date.now() + (p.timeoutMs ?? 30_000);
  const pollMs = p.pollMs ?? 200;
  const receipt = await retrying(`the receipt of query ${p.expect.queryId}`, deadline, pollMs, () => p.getReceipt(p.expect.queryId));
  const height = receipt.verdict?.height ?? 0n;
  const headerHeight = height + 1n;
  const signed = await retrying(`block ${headerHeight}`, deadline, pollMs, () => p.comet.commit(Number(headerHeight)));
  const header = signed.header;
  if (BigInt(header.height) !== headerHeight) throw new CommitNotTrustedError(`asked for header ${headerHeight}, the node sent ${header.height}`);
  const base = { height, headerHeight, appHash: bytesToHex(header.appHash), leafIndex: receipt.leafIndex, leafCount: receipt.leafCount, verified: true as const };
  if (signed.commit.signatures.length === 0) {
    if (p.require === "validators" || p.trustedValidators) {
      throw new CommitNotTrustedError(`the node serves block ${headerHeight} without validator signatures (a single-node simulator)`, "connect to a CometBFT node, or accept single-node trust");
    }
    verifyReceiptAgainst(receipt, header.appHash, p.expect);
    const vals = await p.comet.validatorsAll(Number(headerHeight)).catch(() => undefined);
    const totalPower = vals?.validators.reduce((s, v) => s + v.votingPower, 0n) ?? 0n;
    return { ...base, trust: "single-node", signedPower: 0n, totalPower, signers: 0, validators: vals?.validators.length ?? 1, anchored: false };
  }
  const validators = (await p.comet.validatorsAll(Number(headerHeight))).validators;
  const check = verifySignedHeader({ chainId: p.chainId, header, commit: signed.commit, validators, trusted: p.trustedValidators });
  verifyReceiptAgainst(receipt, header.appHash, p.expect);
  const anchored = p.trustedValidators !== undefined;
  return { ...base, trust: "validators", signedPower: check.signedPower, totalPower: check.totalPower, signers: check.signers, validators: check.validators, anchored };
}
