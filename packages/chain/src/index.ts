// @nesa/chain: the nesad chain simulator.
export { NesaNode, type CreateNodeOptions } from "./node/chain-node";
export { initHome, accountFromMnemonic, type InitHomeOptions, type TestAccount, HD_PATH } from "./node/init-home";
export { replay, type ReplayReport } from "./node/replay";
export { homePaths, loadHome, type ValidatorKey } from "./node/home";
export { Application, SIMULATE_PATH } from "./app/application";
export { NESA_MODULES, wireModules, type ModuleDeps, type ModuleFactory } from "./app/modules";
export { emitTypedEvent, event } from "./app/events";
export type { AppModule, Context, EventManager, GasMeter, Invariant, MsgHandler, QueryHandler } from "./app/module";
export type { BankKeeper } from "./x/bank/keeper";
export { type Coin, formatCoins, parseCoins, toWire } from "./x/bank/coins";
export { AuthKeeper, checkAddress, moduleAddress, type Account } from "./x/auth/keeper";
export { BECH32_PREFIX, FEE_COLLECTOR } from "./x/auth/keys";
export { ChainError, registerError, registeredErrors, type RegisteredError } from "./errors/chain-error";
export * as sdkErrors from "./errors/sdk-errors";
export { CollMap, Item, Sequence } from "./store/collections";
export * from "./store/codecs";
export type { KVStore } from "./store/types";
export type * from "./node/types";
export { startRpcServer, type RpcServer } from "./rpc";
export { startRestServer, type RestServer } from "./rest";

import type { NesaNode } from "./node/chain-node";
import { NesaNode as Node } from "./node/chain-node";
import type { CreateNodeOptions } from "./node/chain-node";

/** Opens (or creates) a node on `home`: applies genesis the first time, resumes afterwards. */
export function createNode(opts: CreateNodeOptions): Promise<NesaNode> {
  return Node.open(opts);
}

/** Every registered invariant on the latest committed state; returns the broken ones (empty = ok). */
export function runInvariants(node: NesaNode): string[] {
  return node.runInvariants();
}
export * as abci from "./abci/index";
