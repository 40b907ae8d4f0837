// The proposer's side of a block: take txs from the mempool (or a forced list), stamp the header
// and execute it; afterwards, re-check what is left in the mempool against the new state.
import type { Logger } from "pino";
import type { Application } from "../app/application";
import type { GenesisDoc } from "../app/genesis-doc";
import type { Mempool } from "../mempool/mempool";
import { nextBlockTime } from "./block-time";
import { type ExecutedBlock, executeBlock } from "./execute-block";
import { dataHash, txHash } from "./header-hash";
import type { BlockHeader } from "./types";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export interface ProposeParams {
  app: Application;
  mempool: Mempool;
  genesis: GenesisDoc;
  proposer: Uint8Array;
  lastBlockHash: Uint8Array;
  lastResultsHash: Uint8Array;
  /** Exactly these txs (tests), bypassing the mempool. */
  forced?: Uint8Array[];
}

export interface ProposedBlock extends ExecutedBlock {
  hashes: Uint8Array[];
  hashHexes: string[];
}

export function proposeBlock(p: ProposeParams): ProposedBlock {
  const last = p.app.lastCommitted();
  const picked = p.forced
    ? p.forced.map((bytes) => ({ bytes, hashHex: hex(txHash(bytes)) }))
    : p.mempool.reap(Number(p.genesis.consensus_params.block.max_bytes), BigInt(p.genesis.consensus_params.block.max_gas));
  const txs = picked.map((t) => t.bytes);
  const hashes = picked.map((t) => new Uint8Array(Buffer.from(t.hashHex, "hex")));
  const header: BlockHeader = {
    chainId: p.app.chainId,
    height: last.height + 1n,
    time: nextBlockTime(last.time, Date.now()),
    lastBlockHash: p.lastBlockHash,
    dataHash: dataHash(hashes),
    appHash: last.appHash,
    lastResultsHash: p.lastResultsHash,
    proposerAddress: p.proposer,
  };
  const executed = executeBlock(p.app, header, txs, hashes);
  for (const t of picked) p.mempool.remove(t.hashHex);
  return { ...executed, hashes, hashHexes: picked.map((t) => t.hashHex) };
}

/** After a block, txs left in the mempool are checked again against the new state. */
export function recheckMempool(app: Application, mempool: Mempool, logger: Logger): void {
  app.resetCheckState();
  for (const tx of mempool.inArrivalOrder()) {
    const out = app.checkTx(tx.bytes, tx.hashHex);
    if (out.result.code !== 0) {
      mempool.remove(tx.hashHex);
      logger.debug({ tx: tx.hashHex.toUpperCase(), log: out.result.log }, "tx dropped from mempool on recheck");
    }
  }
}
