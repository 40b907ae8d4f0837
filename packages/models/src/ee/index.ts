export { applyEE, applyEEWithReport, type ApplyEEOptions, type EEReport } from "./apply-ee";
export { eeDecrypt, eeEncrypt, type EETensor } from "./client";
export { findFirstLinear } from "./first-linear";
export {
  boundaryPermutation, canonicalEEKey, derivePermutation, type EEKey, eeKeyCommitment, generateEEKey,
  type GenerateEEKeyOptions, invertPermutation, validateEEKey,
} from "./key";
export { type EEModelSpec, eeModelSpec } from "./models";
export { SUPPORTED_OPS as EE_SUPPORTED_OPS } from "./propagate";
