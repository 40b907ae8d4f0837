// How `nesa infer` and `nesa generate` print a verdict proof: one JSON object (bigints as strings) and one summary
// line that says plainly which trust it rests on.
import type { VerdictProof } from "./light-client";

export interface VerdictProofJson {
  height: string;
  headerHeight: string;
  appHash: string;
  trust: VerdictProof["trust"];
  signedPower: string;
  totalPower: string;
  signers: number;
  validators: number;
  leafIndex: string;
  leafCount: string;
  anchored: boolean;
  verified: true;
}

export function proofJson(p: VerdictProof | undefined): VerdictProofJson | null {
  if (!p) return null;
  return {
    height: p.height.toString(),
    headerHeight: p.headerHeight.toString(),
    appHash: p.appHash,
    trust: p.trust,
    signedPower: p.signedPower.toString(),
    totalPower: p.totalPower.toString(),
    signers: p.signers,
    validators: p.validators,
    leafIndex: p.leafIndex.toString(),
    leafCount: p.leafCount.toString(),
    anchored: p.anchored,
    verified: p.verified,
  };
}

/** The summary's `receipt` line. */
export function proofLine(p: VerdictProof | undefined): string {
  if (!p) return "  receipt    not checked (verdictReceipts: off)";
  const where = `verdict ${p.leafIndex + 1n}/${p.leafCount} of block ${p.height} rebuilds the app hash of header ${p.headerHeight}`;
  if (p.trust === "validators") {
    const set = p.anchored ? "the trusted validators" : "the node's validator set (not pinned: pass trustedValidators)";
    return `  receipt    ${where}, signed by ${p.signedPower}/${p.totalPower} voting power (${p.signers}/${p.validators} validators) of ${set}`;
  }
  return `  receipt    ${where}; trusted ONE node (no validator signatures: the simulator)`;
}
