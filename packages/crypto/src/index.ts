export {
  COMMITTEE_STREAM_TAG,
  type CommitteeCandidate,
  type CommitteeSeat,
  type DrawCommitteeParams,
  canonicalCandidates,
  committeeSeed,
  drawCommittee,
} from "./committee/draw-committee";
export { REPUTATION_ONE, committeeWeight } from "./committee/committee-weight";
export { type SeatMismatch, type VerifyCommitteeResult, verifyCommittee } from "./committee/verify-committee";
export {
  MIN_SALT_BYTES,
  RESULT_COMMIT_TAG,
  type ResultCommitmentParams,
  resultCommitment,
  verifyResultCommitment,
} from "./commitment/result-commitment";
export { bytesToHex, equalBytes, hexToBytes } from "./util/bytes";
export { beaconAlpha } from "./vrf/beacon-alpha";
export {
  type VrfVerifyResult,
  encodeToCurveTai,
  vrfChallenge,
  vrfNonce,
  vrfProofToHash,
  vrfProve,
  vrfProver,
  type VrfProver,
  type VrfProofWithOutput,
  vrfPublicKey,
  vrfVerify,
} from "./vrf/ecvrf";
export { vrfProveSecp256k1OnWorker } from "./vrf/prove-worker";
export { rfc6979Nonce } from "./vrf/rfc6979-nonce";
export { ECVRF_P256_SHA256_TAI, ECVRF_SECP256K1_SHA256_TAI, type VrfSuite } from "./vrf/suites";
export { type SketchClusters, type SketchEntry, clusterSketches } from "./tensor/cluster-sketches";
export {
  DEFAULT_SKETCH_K,
  DEFAULT_SKETCH_MAX_BLOCKS,
  MAX_SKETCH_BLOCK_SIZE,
  MIN_SKETCH_BLOCK_SIZE,
  SKETCH_HEADER_LENGTH,
  SKETCH_SCALE_BITS,
  SKETCH_STREAM_TAG,
  type SketchOptions,
  computeSketch,
  sketchBlockSize,
} from "./tensor/sketch";
export { DEFAULT_SKETCH_TOLERANCE_MICROS, sketchesAgree, validateSketch } from "./tensor/sketch-compare";
export { TENSOR_MAGIC, decodeTensor, encodeTensor, tensorDigest } from "./tensor/tensor-encoding";
export { DTYPES, type Tensor, type TensorDataOf, type TensorDtype, assertTensor } from "./tensor/tensor-types";
export { ECIES_INFO, ECIES_OVERHEAD, ECIES_VERSION, eciesOpen, eciesSeal } from "./ecies/ecies";
export {
  MAX_MERKLE_AUNTS,
  merkleAunts,
  merkleEmptyHash,
  merkleInnerHash,
  merkleLeafHash,
  merkleRoot,
  merkleRootFromAunts,
  merkleRootOfLeafHashes,
} from "./merkle/merkle-tree";
export {
  APP_HASH_TAG,
  VERDICT_LEAF_TAG,
  type VerdictLeafFields,
  type VerdictLeafSeat,
  combineAppHash,
  encodeVerdictLeaf,
  verdictLeafHash,
} from "./receipt/verdict-leaf";
export { ed25519PublicKey, signEd25519, verifyEd25519 } from "./receipt/ed25519";
export { type VerdictReceiptPath, verdictReceiptAppHash } from "./receipt/receipt-app-hash";
