// What every RPC method needs: the node, a cache of the latest block (status is called on every
// cosmjs sign), and the height rules CometBFT applies to `height` params.
import type { Logger } from "pino";
import type { ChainNode, StoredBlock } from "../node/types";
import { methodFailed } from "./jsonrpc";

export interface RpcContext {
  node: ChainNode;
  logger: Logger;
  listenAddr: string;
  broadcastCommitTimeoutMs: number;
  latestBlock(): Promise<StoredBlock | undefined>;
  /** The earliest stored block (immutable, so cached once it exists). */
  earliestBlock(): Promise<StoredBlock | undefined>;
  block(height: bigint): Promise<StoredBlock>;
  /** Resolves an optional `height` param: undefined → latest; checks the range like CometBFT. */
  resolveHeight(height: bigint | undefined): bigint;
  dispose(): void;
}

export function createRpcContext(
  node: ChainNode,
  logger: Logger,
  listenAddr: string,
  broadcastCommitTimeoutMs: number,
): RpcContext {
  let latest: StoredBlock | undefined;
  let earliest: StoredBlock | undefined;
  const onBlock = (b: StoredBlock) => {
    if (!latest || b.header.height >= latest.header.height) latest = b;
  };
  node.on("block", onBlock);

  const resolveHeight = (height: bigint | undefined): bigint => {
    const top = node.latestHeight();
    if (height === undefined || height === 0n) {
      if (top === 0n) throw methodFailed("no blocks yet: the chain has not produced its first block");
      return top;
    }
    if (height < 0n) throw methodFailed(`height must be greater than 0, but got ${height}`);
    if (height > top) {
      throw methodFailed(`height ${height} must be less than or equal to the current blockchain height ${top}`);
    }
    const lowest = node.earliestHeight();
    if (height < lowest) throw methodFailed(`height ${height} is not available, lowest height is ${lowest}`);
    return height;
  };

  const block = async (height: bigint): Promise<StoredBlock> => {
    if (latest && latest.header.height === height) return latest;
    const b = await node.getBlock(height);
    if (!b) throw methodFailed(`block at height ${height} not found`);
    return b;
  };

  return {
    node,
    logger,
    listenAddr,
    broadcastCommitTimeoutMs,
    resolveHeight,
    block,
    async latestBlock() {
      const top = node.latestHeight();
      if (top === 0n) return undefined;
      if (!latest || latest.header.height !== top) latest = await node.getBlock(top);
      return latest;
    },
    async earliestBlock() {
      const h = node.earliestHeight();
      if (h === 0n || h > node.latestHeight()) return undefined;
      if (!earliest || earliest.header.height !== h) earliest = await node.getBlock(h);
      return earliest;
    },
    dispose: () => node.off("block", onBlock),
  };
}
