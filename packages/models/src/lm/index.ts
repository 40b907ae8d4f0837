// Public API of the GPT-style decoder: config, weights, graph building, running. The graph-builder
// and block-part helpers stay internal (generic names like `linear` would crowd the package barrel).
export * from "./decoder-config";
export * from "./safetensors";
export * from "./decoder-weights";
export * from "./random-weights";
export { pastKeyName, pastValueName, presentKeyName, presentValueName } from "./decoder-block";
export * from "./decoder-graph";
export * from "./shard-step";
export * from "./decoder-runner";
export * from "./reference-forward";
export * from "./tokenizer";
export * from "./lm-key";
export * from "./decoder-ee";
export * from "./lm-attacks";
export * from "./prepare-lm";
export * from "./tiny-lm";
export { checkAgainstReference, exportLm, type ExportResult } from "./export-lm";
export * from "./session-cache";
export { measureLmAttacks, type LmAttackReport } from "./measure-attacks";
