export {
  COMMITTEE_STREAM_TAG,
  type CommitteeCandidate,
  type CommitteeSeat,
  type DrawCommitteeParams,
  canonicalCandidates,
  committeeSeed,
  drawCommittee,
} from "./committee/draw-committee";
export { type SeatMismatch, type VerifyCommitteeResult, verifyCommittee } from "./committee/verify-committee";
export {
  MIN_SALT_BYTES,
  RESULT_COMMIT_TAG,
  type ResultCommitmentParams,
  resultCommitment,
  verifyResultCommitment,
} from "./commitment/result-commitment";
export { bytesToHex, equalBytes, hexToBytes } from "./util/bytes";
