// Block hash = sha256 of the canonical header encoding (fixed field order, hex bytes); data hash
// and last-results hash commit to the txs and their results the same way.
import { createHash } from "node:crypto";
import { headerToJson } from "./block-codec";
import type { BlockHeader, TxResult } from "./types";

function sha256(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

export function blockHash(h: BlockHeader): Uint8Array {
  const j = headerToJson(h);
  const canonical = [j.chainId, j.height, j.time, j.lastBlockHash, j.dataHash, j.appHash, j.lastResultsHash, j.proposerAddress];
  return sha256(JSON.stringify(canonical));
}

export function dataHash(txHashes: Uint8Array[]): Uint8Array {
  const h = createHash("sha256");
  for (const t of txHashes) h.update(t);
  return new Uint8Array(h.digest());
}

export function resultsHash(results: TxResult[]): Uint8Array {
  const h = createHash("sha256");
  for (const r of results) {
    h.update(JSON.stringify([r.code, r.codespace, r.gasWanted.toString(), r.gasUsed.toString()]));
    h.update(r.data);
  }
  return new Uint8Array(h.digest());
}

export function txHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}
