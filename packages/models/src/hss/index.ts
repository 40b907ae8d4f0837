export { buildHssModels, type HssLayout, type HssModels } from "./build-hss-models";
export { pruneModel } from "./prune";
export { type HssSessions, type HssTrace, runHss } from "./run-hss";
export { combineShares, DEFAULT_SHARE_SCALE, splitShares, type SplitSharesOptions } from "./split-shares";
export { type HssManifestSection, type HssStageEntry, writeHssStages } from "./manifest";
export { type ConvSpec, invertConv } from "./inversion-attack";
