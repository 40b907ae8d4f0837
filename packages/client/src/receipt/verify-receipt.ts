// Rebuilds the app hash a verdict receipt claims (x/inference README, "Verdict receipts"): leaf from the verdict
// and the query fields, root from the Merkle path, app hash = sha256(tag ‖ state digest ‖ root). Pure: the caller
// compares the result with a header it trusts (light-client.ts).
import { bytesToHex, equalBytes, verdictReceiptAppHash } from "@nesa/crypto";
import type { inferenceState } from "@nesa/proto-types";
import { ReceiptMismatchError } from "./receipt-errors";

/** What the caller knows about its own query: a receipt for anything else is refused. */
export interface ReceiptExpectation {
  readonly queryId: bigint;
  /** The agreed output digest the result was checked against. */
  readonly resultDigest?: Uint8Array;
  readonly owner?: string;
  readonly modelId?: string;
  readonly inputCommitment?: Uint8Array;
}

/** The app hash of block `verdict.height` implied by the receipt (throws ReceiptMismatchError on a malformed one). */
export function receiptAppHash(receipt: inferenceState.VerdictReceipt): Uint8Array {
  const v = receipt.verdict;
  if (!v) throw new ReceiptMismatchError("the receipt carries no verdict");
  const appHash = verdictReceiptAppHash({ leaf: { ...v, owner: receipt.owner, modelId: receipt.modelId, inputCommitment: receipt.inputCommitment }, ...receipt });
  if (!appHash) {
    throw new ReceiptMismatchError(
      `the receipt's Merkle path (${receipt.aunts.length} aunts for leaf ${receipt.leafIndex} of ${receipt.leafCount}, a ${receipt.stateDigest.length}-byte state digest) has an impossible shape`,
    );
  }
  return appHash;
}

/** Checks the receipt is about the caller's query and rebuilds exactly `appHash`. */
export function verifyReceiptAgainst(receipt: inferenceState.VerdictReceipt, appHash: Uint8Array, expect: ReceiptExpectation): void {
  const v = receipt.verdict;
  if (!v) throw new ReceiptMismatchError("the receipt carries no verdict");
  if (v.queryId !== expect.queryId) throw new ReceiptMismatchError(`the receipt is for query ${v.queryId}, not ${expect.queryId}`);
  if (expect.resultDigest && !equalBytes(v.resultDigest, expect.resultDigest)) {
    throw new ReceiptMismatchError(`the receipt's result digest ${bytesToHex(v.resultDigest)} differs from the verdict's ${bytesToHex(expect.resultDigest)}`);
  }
  if (expect.owner !== undefined && receipt.owner !== expect.owner) throw new ReceiptMismatchError(`the receipt's payer ${receipt.owner} is not ${expect.owner}`);
  if (expect.modelId !== undefined && receipt.modelId !== expect.modelId) throw new ReceiptMismatchError(`the receipt's model ${receipt.modelId} is not ${expect.modelId}`);
  if (expect.inputCommitment && !equalBytes(receipt.inputCommitment, expect.inputCommitment)) {
    throw new ReceiptMismatchError("the receipt's input commitment is not the one this query paid for");
  }
  const rebuilt = receiptAppHash(receipt);
  if (!equalBytes(rebuilt, appHash)) {
    throw new ReceiptMismatchError(`the receipt rebuilds app hash ${bytesToHex(rebuilt)}, but header ${v.height + 1n} carries ${bytesToHex(appHash)}`);
  }
}
