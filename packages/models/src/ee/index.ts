export { applyEE, applyEEWithReport, type ApplyEEOptions, checkEECuts, type EECutCheck, type EEReport } from "./apply-ee";
export { recoveredFraction, weightMatchAttack, type WeightMatchResult } from "./attack";
export { eeDecrypt, eeEncrypt, type EETensor } from "./client";
export { findFirstLinear } from "./first-linear";
export {
  boundaryPermutation, canonicalEEKey, derivePermutation, type EEKey, eeKeyCommitment, generateEEKey,
  type GenerateEEKeyOptions, invertPermutation, validateEEKey,
} from "./key";
export { type EEModelSpec, eeModelSpec, eeSpecOfKey, isBuiltInEEModel } from "./models";
export { type PrivacyExposure, privacyExposure, type PrivacyMode, type SeatExposure } from "./privacy-exposure";
export { SUPPORTED_OPS as EE_SUPPORTED_OPS } from "./propagate";
