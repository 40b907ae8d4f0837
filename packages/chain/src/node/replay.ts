// `nesad replay`: re-executes every stored block from genesis in memory (nothing is written) and
// compares each resulting app hash, and each tx's code and gas used, with what was stored.
import pino, { type Logger } from "pino";
import { Application } from "../app/application";
import { type ModuleFactory, wireModules } from "../app/modules";
import { BlockStore } from "./block-store";
import { executeBlock } from "./execute-block";
import { homePaths, loadHome } from "./home";
import { txHash } from "./header-hash";

export interface ReplayReport {
  blocks: number;
  lastHeight: bigint;
  lastAppHash: string;
  /** First height whose app hash or tx results differ (undefined: all match). */
  mismatchAt?: bigint;
  mismatch?: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

export async function replay(opts: { home: string; logger?: Logger; extraModules?: ModuleFactory[] }): Promise<ReplayReport> {
  const logger = opts.logger ?? pino({ level: "silent" });
  const { genesis, validatorKey } = loadHome(opts.home);
  const wiring = wireModules(genesis.chain_id, validatorKey, opts.extraModules);
  const app = new Application({ chainId: genesis.chain_id, ...wiring, maxBlockGas: BigInt(genesis.consensus_params.block.max_gas) });
  const store = new BlockStore(homePaths(opts.home).db);
  try {
    await store.open();
  } catch (e) {
    throw new Error(`cannot open ${homePaths(opts.home).db} (${(e as Error).message}); stop the running nesad first`);
  }
  try {
    app.initChain(genesis);
    const last = await store.lastCommit();
    const top = last?.height ?? 0n;
    let blocks = 0;
    for (let h = BigInt(genesis.initial_height); h <= top; h++) {
      const stored = await store.getBlock(h);
      if (!stored) return { blocks, lastHeight: h - 1n, lastAppHash: hex(app.lastCommitted().appHash), mismatchAt: h, mismatch: `block ${h} is missing from the store` };
      if (hex(stored.header.appHash) !== hex(app.lastCommitted().appHash)) {
        return { blocks, lastHeight: h - 1n, lastAppHash: hex(app.lastCommitted().appHash), mismatchAt: h, mismatch: `header app hash ${hex(stored.header.appHash)} differs from replayed state ${hex(app.lastCommitted().appHash)}` };
      }
      const { block } = executeBlock(app, stored.header, stored.txs, stored.txs.map(txHash));
      blocks++;
      const codes = block.txResults.map((r) => `${r.code}/${r.gasUsed}`).join(",");
      const storedCodes = stored.txResults.map((r) => `${r.code}/${r.gasUsed}`).join(",");
      if (hex(block.resultingAppHash) !== hex(stored.resultingAppHash) || codes !== storedCodes) {
        return {
          blocks,
          lastHeight: h,
          lastAppHash: hex(block.resultingAppHash),
          mismatchAt: h,
          mismatch: `replayed app hash ${hex(block.resultingAppHash)} (code/gas ${codes}) != stored ${hex(stored.resultingAppHash)} (code/gas ${storedCodes})`,
        };
      }
      if (h % 1000n === 0n) logger.info({ height: h.toString() }, "replaying");
    }
    return { blocks, lastHeight: app.lastCommitted().height, lastAppHash: hex(app.lastCommitted().appHash) };
  } finally {
    await store.close();
  }
}
