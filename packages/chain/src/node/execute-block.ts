// Runs one block through the application: BeginBlock, every tx, EndBlock, Commit. The block
// producer and replay share it, so replay executes exactly what production did.
import type { Application } from "../app/application";
import type { WriteSet } from "../store/cache-store";
import { blockHash } from "./header-hash";
import type { BlockHeader, StoredBlock, TxResult } from "./types";

export interface ExecutedBlock {
  block: StoredBlock;
  changes: WriteSet;
}

export function executeBlock(app: Application, header: BlockHeader, txs: Uint8Array[], txHashes: Uint8Array[]): ExecutedBlock {
  const begin = app.beginBlock(header.height, header.time, header.proposerAddress);
  const txResults: TxResult[] = txs.map((tx, i) => app.deliverTx(tx, Buffer.from(txHashes[i]).toString("hex")).result);
  const end = app.endBlock();
  const { appHash, changes } = app.commit();
  const block: StoredBlock = {
    hash: blockHash(header),
    header,
    txs,
    txResults,
    finalizeBlockEvents: [...begin, ...end],
    resultingAppHash: appHash,
  };
  return { block, changes };
}
