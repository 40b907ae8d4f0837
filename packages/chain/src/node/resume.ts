// Opening a node's state: apply genesis on an empty database, or reload the committed state and
// check it against the stored app hash (a damaged database is refused, not silently used).
import type { Logger } from "pino";
import type { Application } from "../app/application";
import type { GenesisDoc } from "../app/genesis-doc";
import type { BlockStore } from "./block-store";
import { resultsHash } from "./header-hash";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export interface ChainTip {
  lastBlockHash: Uint8Array;
  lastResultsHash: Uint8Array;
}

export async function resumeOrInit(app: Application, store: BlockStore, genesis: GenesisDoc, logger: Logger): Promise<ChainTip> {
  const tip: ChainTip = { lastBlockHash: new Uint8Array(), lastResultsHash: new Uint8Array() };
  const last = await store.lastCommit();
  if (!last) {
    const { appHash, changes } = app.initChain(genesis);
    const { height, time } = app.lastCommitted();
    await store.commit(changes, undefined, { height, time, appHash: hex(appHash), blockHash: "" });
    logger.info({ chainId: app.chainId, appHash: hex(appHash).toUpperCase() }, "genesis applied");
    return tip;
  }
  const entries: [Uint8Array, Uint8Array][] = [];
  for await (const e of store.stateEntries()) entries.push(e);
  const appHash = app.restore(entries, last.height, last.time);
  if (hex(appHash) !== last.appHash) {
    throw new Error(
      `stored state does not match its app hash at height ${last.height} (recomputed ${hex(appHash)}, stored ${last.appHash}); the database is damaged — check it with \`pnpm nesad replay\``,
    );
  }
  const block = last.height > 0n ? await store.getBlock(last.height) : undefined;
  if (block) {
    tip.lastBlockHash = block.hash;
    tip.lastResultsHash = resultsHash(block.txResults);
  }
  logger.info({ height: last.height.toString(), appHash: last.appHash.toUpperCase() }, "resumed");
  return tip;
}
