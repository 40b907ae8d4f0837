// JSON shapes of CometBFT 0.38 RPC results (COMETBFT-RPC.md §3): int64 as decimal strings;
// code/index/parts.total/round as numbers; hashes as upper-case hex; bytes as padded base64;
// event attributes as plain strings.
import { sha256 } from "@noble/hashes/sha2.js";
import type {
  AbciEvent,
  BlockHeader,
  IndexedTx,
  StoredBlock,
  TxResult,
  ValidatorInfo,
} from "../node/types";

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex").toUpperCase();
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function encodeEvents(events: AbciEvent[]): unknown[] {
  return events.map((ev) => ({
    type: ev.type,
    attributes: ev.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index ?? true })),
  }));
}

export function encodeTxResult(r: TxResult): Record<string, unknown> {
  return {
    code: r.code,
    codespace: r.codespace,
    log: r.log,
    info: r.info ?? "",
    data: toBase64(r.data),
    gas_wanted: r.gasWanted.toString(),
    gas_used: r.gasUsed.toString(),
    events: encodeEvents(r.events),
  };
}

export function encodeIndexedTx(tx: IndexedTx): Record<string, unknown> {
  return {
    hash: toHex(tx.hash),
    height: tx.height.toString(),
    index: tx.index,
    tx: toBase64(tx.tx),
    tx_result: encodeTxResult(tx.result),
  };
}

/** Part-set hashes are not meaningful here; derive a stable, unique one from the block hash. */
export function encodeBlockId(hash: Uint8Array): Record<string, unknown> {
  if (hash.length === 0) return { hash: "", parts: { total: 0, hash: "" } };
  return { hash: toHex(hash), parts: { total: 1, hash: toHex(sha256(hash)) } };
}

export function encodeHeader(h: BlockHeader, validator: ValidatorInfo): Record<string, unknown> {
  const validatorsHash = toHex(sha256(validator.address));
  return {
    version: { block: "11", app: "0" },
    chain_id: h.chainId,
    height: h.height.toString(),
    time: h.time,
    last_block_id: encodeBlockId(h.lastBlockHash),
    last_commit_hash: h.lastBlockHash.length ? toHex(sha256(h.lastBlockHash)) : "",
    data_hash: toHex(h.dataHash),
    validators_hash: validatorsHash,
    next_validators_hash: validatorsHash,
    consensus_hash: "",
    app_hash: toHex(h.appHash),
    last_results_hash: toHex(h.lastResultsHash),
    evidence_hash: "",
    proposer_address: toHex(h.proposerAddress),
  };
}

function encodeLastCommit(h: BlockHeader): Record<string, unknown> {
  return {
    height: (h.height - 1n).toString(),
    round: 0,
    block_id: encodeBlockId(h.lastBlockHash),
    signatures: [],
  };
}

export function encodeBlock(b: StoredBlock, validator: ValidatorInfo): Record<string, unknown> {
  return {
    header: encodeHeader(b.header, validator),
    data: { txs: b.txs.map(toBase64) },
    evidence: { evidence: [] },
    last_commit: encodeLastCommit(b.header),
  };
}

export function encodeBlockResponse(b: StoredBlock, validator: ValidatorInfo): Record<string, unknown> {
  return { block_id: encodeBlockId(b.hash), block: encodeBlock(b, validator) };
}

export function blockSize(b: StoredBlock): number {
  // Header overhead is constant-ish; the txs dominate, which is what callers compare.
  return 200 + b.txs.reduce((n, tx) => n + tx.length, 0);
}

export function encodeBlockMeta(b: StoredBlock, validator: ValidatorInfo): Record<string, unknown> {
  return {
    block_id: encodeBlockId(b.hash),
    block_size: String(blockSize(b)),
    header: encodeHeader(b.header, validator),
    num_txs: String(b.txs.length),
  };
}

export function encodeBlockResults(b: StoredBlock): Record<string, unknown> {
  return {
    height: b.header.height.toString(),
    txs_results: b.txResults.length ? b.txResults.map(encodeTxResult) : null,
    finalize_block_events: encodeEvents(b.finalizeBlockEvents),
    validator_updates: [],
    consensus_param_updates: null,
    app_hash: toBase64(b.resultingAppHash),
  };
}

export function encodeValidator(v: ValidatorInfo): Record<string, unknown> {
  return {
    address: toHex(v.address),
    pub_key: { type: v.pubKey.type, value: toBase64(v.pubKey.value) },
    voting_power: v.votingPower.toString(),
    proposer_priority: "0",
  };
}

const bigintsAsStrings = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/**
 * JSON.stringify that writes bigints as decimal strings (genesis documents may hold them).
 * The replacer costs on every reply, so it only runs when a plain stringify meets a bigint.
 */
export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(value, bigintsAsStrings);
  }
}
