export { findCutPoints, type CutPoint, type BoundaryTensor } from "./cut-points";
export { planShards, type ShardPlan, type Balance } from "./plan";
export { extractShards } from "./extract";
export { writeShards, tensorSpec, type Manifest, type ShardEntry, type TensorSpec } from "./manifest";
export { probeBoundaryShapes } from "./probe-shapes";
