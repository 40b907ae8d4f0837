// The contract between the chain application (state machine, mempool, block store) and the
// CometBFT-style RPC in src/rpc. The RPC only ever talks to a `ChainNode`; it never touches
// state directly. Byte fields are raw bytes; the RPC does the hex / base64 encoding.

export interface EventAttribute {
  key: string;
  value: string;
  index?: boolean;
}

export interface AbciEvent {
  type: string;
  attributes: EventAttribute[];
}

/** Result of CheckTx or DeliverTx (ABCI ExecTxResult). `data` is an encoded TxMsgData (or empty). */
export interface TxResult {
  code: number;
  codespace: string;
  log: string;
  info?: string;
  data: Uint8Array;
  gasWanted: bigint;
  gasUsed: bigint;
  events: AbciEvent[];
}

export interface CheckTxResponse extends TxResult {
  /** sha256 of the exact received bytes. Present even when the tx was rejected. */
  hash: Uint8Array;
}

export interface BlockHeader {
  chainId: string;
  height: bigint;
  /** RFC3339 with nanoseconds, e.g. 2026-01-01T00:00:01.000000000Z. Set by the proposer, stored in the block. */
  time: string;
  lastBlockHash: Uint8Array; // empty at height 1
  dataHash: Uint8Array;
  appHash: Uint8Array; // app hash after executing the PREVIOUS block, as in CometBFT
  lastResultsHash: Uint8Array;
  proposerAddress: Uint8Array; // 20 bytes
}

export interface StoredBlock {
  hash: Uint8Array; // 32 bytes
  header: BlockHeader;
  txs: Uint8Array[];
  txResults: TxResult[];
  /** BeginBlock + EndBlock events (CometBFT 0.38: finalize_block_events). */
  finalizeBlockEvents: AbciEvent[];
  /** App hash after this block was committed. */
  resultingAppHash: Uint8Array;
}

export interface IndexedTx {
  hash: Uint8Array;
  height: bigint;
  index: number;
  tx: Uint8Array;
  result: TxResult;
}

/** One condition of a tx_search query: `key op value`. Keys: tx.hash, tx.height, or <event>.<attr>. */
export interface SearchCondition {
  key: string;
  op: "=" | "<" | "<=" | ">" | ">=" | "CONTAINS" | "EXISTS";
  value: string | bigint;
}

export interface AbciQueryResponse {
  code: number;
  codespace: string;
  log: string;
  value: Uint8Array;
  height: bigint;
}

export interface ValidatorInfo {
  address: Uint8Array; // 20 bytes
  pubKey: { type: "tendermint/PubKeySecp256k1" | "tendermint/PubKeyEd25519"; value: Uint8Array };
  votingPower: bigint;
}

export interface ChainNodeEvents {
  block: (block: StoredBlock) => void;
  tx: (tx: IndexedTx) => void;
}

export interface ChainNode {
  readonly chainId: string;
  readonly moniker: string;
  /** The genesis document as JSON (what `genesis` returns). */
  genesis(): unknown;
  latestHeight(): bigint;
  /** App hash of the latest committed state (non-empty even at height 0). */
  latestAppHash(): Uint8Array;
  earliestHeight(): bigint;
  getBlock(height: bigint): Promise<StoredBlock | undefined>;
  validator(): ValidatorInfo;

  /** Runs CheckTx and, on success, admits the tx to the mempool. */
  checkTx(txBytes: Uint8Array): Promise<CheckTxResponse>;
  /** Resolves when the tx is committed in a block (or rejects on timeout). */
  waitForTx(hash: Uint8Array, timeoutMs: number): Promise<IndexedTx>;
  mempoolSize(): number;
  /** CheckTx without admitting the tx or changing the check state (the check_tx method). */
  checkTxOnly(txBytes: Uint8Array): Promise<TxResult>;
  /** Up to `limit` pending txs in arrival order, with the mempool's totals. */
  unconfirmedTxs(limit: number): { txs: Uint8Array[]; total: number; totalBytes: number };

  query(path: string, data: Uint8Array, height?: bigint): Promise<AbciQueryResponse>;
  getTx(hash: Uint8Array): Promise<IndexedTx | undefined>;
  /** Ascending by (height, index) unless order is "desc". page is 1-based. */
  searchTxs(
    conditions: SearchCondition[],
    page: number,
    perPage: number,
    order: "asc" | "desc",
  ): Promise<{ txs: IndexedTx[]; total: number }>;

  on<E extends keyof ChainNodeEvents>(event: E, listener: ChainNodeEvents[E]): void;
  off<E extends keyof ChainNodeEvents>(event: E, listener: ChainNodeEvents[E]): void;
}
