export * from "./modules/inference/messages";
export * from "./modules/inference/queries";
export * from "./modules/payforquery/messages";
export * from "./modules/payforquery/queries";
export * from "./modules/stakingext/messages";
export * from "./modules/stakingext/queries";
export { pageRequest, toU64, type U64Input } from "./modules/query-rpc";
export { createNesaRegistry, nesaRegistryTypes, nesaTypes } from "./registry";
