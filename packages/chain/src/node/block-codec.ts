// Stored blocks as JSON (hex for hashes, base64 for tx bytes and data): easy to inspect with
// any LevelDB tool, and independent of in-memory classes.
import type { AbciEvent, BlockHeader, StoredBlock, TxResult } from "./types";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

interface JsonResult {
  code: number;
  codespace: string;
  log: string;
  data: string;
  gasWanted: string;
  gasUsed: string;
  events: AbciEvent[];
}

export function resultToJson(r: TxResult): JsonResult {
  return {
    code: r.code,
    codespace: r.codespace,
    log: r.log,
    data: b64(r.data),
    gasWanted: r.gasWanted.toString(),
    gasUsed: r.gasUsed.toString(),
    events: r.events,
  };
}

export function resultFromJson(j: JsonResult): TxResult {
  return { ...j, data: unb64(j.data), gasWanted: BigInt(j.gasWanted), gasUsed: BigInt(j.gasUsed) };
}

export function headerToJson(h: BlockHeader): Record<string, string> {
  return {
    chainId: h.chainId,
    height: h.height.toString(),
    time: h.time,
    lastBlockHash: hex(h.lastBlockHash),
    dataHash: hex(h.dataHash),
    appHash: hex(h.appHash),
    lastResultsHash: hex(h.lastResultsHash),
    proposerAddress: hex(h.proposerAddress),
  };
}

export function headerFromJson(j: Record<string, string>): BlockHeader {
  return {
    chainId: j.chainId,
    height: BigInt(j.height),
    time: j.time,
    lastBlockHash: unhex(j.lastBlockHash),
    dataHash: unhex(j.dataHash),
    appHash: unhex(j.appHash),
    lastResultsHash: unhex(j.lastResultsHash),
    proposerAddress: unhex(j.proposerAddress),
  };
}

export function encodeBlock(b: StoredBlock): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      hash: hex(b.hash),
      header: headerToJson(b.header),
      txs: b.txs.map(b64),
      txResults: b.txResults.map(resultToJson),
      finalizeBlockEvents: b.finalizeBlockEvents,
      resultingAppHash: hex(b.resultingAppHash),
    }),
  );
}

export function decodeBlock(bytes: Uint8Array): StoredBlock {
  const j = JSON.parse(new TextDecoder().decode(bytes));
  return {
    hash: unhex(j.hash),
    header: headerFromJson(j.header),
    txs: j.txs.map(unb64),
    txResults: j.txResults.map(resultFromJson),
    finalizeBlockEvents: j.finalizeBlockEvents,
    resultingAppHash: unhex(j.resultingAppHash),
  };
}
