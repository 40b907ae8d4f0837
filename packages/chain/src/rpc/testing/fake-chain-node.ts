// An in-memory ChainNode for the RPC's unit tests: blocks are produced on demand, a tx is any
// bytes (first byte 0xFF = rejected with sdk/32), and each tx emits message.sender=nesa1<first byte>.
import { EventEmitter } from "node:events";
import { sha256 } from "@noble/hashes/sha2.js";
import type {
  AbciQueryResponse,
  ChainNode,
  ChainNodeEvents,
  CheckTxResponse,
  IndexedTx,
  SearchCondition,
  StoredBlock,
  TxResult,
  ValidatorInfo,
} from "../../node/types";
import { matchesTx } from "../tx-matcher";

const key = (h: Uint8Array) => Buffer.from(h).toString("hex");

export class FakeChainNode implements ChainNode {
  readonly chainId = "nesa-test-1";
  readonly moniker = "fake";
  readonly blocks: StoredBlock[] = [];
  readonly txs: IndexedTx[] = [];
  private mempool: Uint8Array[] = [];
  private readonly emitter = new EventEmitter();
  private appHash: Uint8Array = sha256(new TextEncoder().encode("genesis"));

  genesis(): unknown {
    return {
      genesis_time: "2026-01-01T00:00:00Z",
      chain_id: this.chainId,
      initial_height: "1",
      consensus_params: { block: { max_bytes: "1000000", max_gas: "-1" } },
      validators: [],
      app_hash: "",
      app_state: { bank: { supply: [{ denom: "unes", amount: 10n ** 15n }] } },
    };
  }
  latestHeight(): bigint {
    return BigInt(this.blocks.length);
  }
  latestAppHash(): Uint8Array {
    return this.appHash;
  }
  earliestHeight(): bigint {
    return this.blocks.length ? 1n : 0n;
  }
  async getBlock(height: bigint): Promise<StoredBlock | undefined> {
    return this.blocks[Number(height) - 1];
  }
  validator(): ValidatorInfo {
    return {
      address: new Uint8Array(20).fill(7),
      pubKey: { type: "tendermint/PubKeySecp256k1", value: new Uint8Array(33).fill(2) },
      votingPower: 10n,
    };
  }
  async checkTx(txBytes: Uint8Array): Promise<CheckTxResponse> {
    const hash = sha256(txBytes);
    const base = { data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [], hash };
    if (txBytes[0] === 0xff) {
      return { ...base, code: 32, codespace: "sdk", log: "account sequence mismatch, expected 1, got 9: incorrect account sequence" };
    }
    if (this.mempool.some((t) => key(t) === key(txBytes))) {
      return { ...base, code: 19, codespace: "sdk", log: "tx already in mempool" };
    }
    this.mempool.push(txBytes);
    return { ...base, code: 0, codespace: "", log: "" };
  }
  async checkTxOnly(txBytes: Uint8Array): Promise<TxResult> {
    const { hash: _hash, ...r } = await this.checkTx(txBytes);
    if (r.code === 0) this.mempool.pop();
    return { ...r, gasWanted: 200000n, gasUsed: 1000n };
  }
  unconfirmedTxs(limit: number) {
    const totalBytes = this.mempool.reduce((n, t) => n + t.length, 0);
    return { txs: this.mempool.slice(0, limit), total: this.mempool.length, totalBytes };
  }
  async waitForTx(hash: Uint8Array, timeoutMs: number): Promise<IndexedTx> {
    const found = this.txs.find((t) => key(t.hash) === key(hash));
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("tx", listener);
        reject(new Error("timeout"));
      }, timeoutMs);
      const listener = (tx: IndexedTx) => {
        if (key(tx.hash) !== key(hash)) return;
        clearTimeout(timer);
        this.off("tx", listener);
        resolve(tx);
      };
      this.on("tx", listener);
    });
  }
  mempoolSize(): number {
    return this.mempool.length;
  }
  async query(path: string, data: Uint8Array): Promise<AbciQueryResponse> {
    const height = this.latestHeight();
    if (path === "/echo") return { code: 0, codespace: "", log: "", value: data, height };
    return { code: 6, codespace: "sdk", log: `unknown query path ${path}`, value: new Uint8Array(), height };
  }
  async getTx(hash: Uint8Array): Promise<IndexedTx | undefined> {
    return this.txs.find((t) => key(t.hash) === key(hash));
  }
  async searchTxs(conditions: SearchCondition[], page: number, perPage: number, order: "asc" | "desc") {
    const all = this.txs.filter((t) => matchesTx(conditions, t));
    if (order === "desc") all.reverse();
    return { txs: all.slice((page - 1) * perPage, page * perPage), total: all.length };
  }
  on<E extends keyof ChainNodeEvents>(event: E, listener: ChainNodeEvents[E]): void {
    this.emitter.on(event, listener);
  }
  off<E extends keyof ChainNodeEvents>(event: E, listener: ChainNodeEvents[E]): void {
    this.emitter.off(event, listener);
  }

  /** Commits the mempool as the next block and emits `block` then one `tx` per tx. */
  produceBlock(): StoredBlock {
    const height = BigInt(this.blocks.length + 1);
    const txs = this.mempool;
    this.mempool = [];
    const results: TxResult[] = txs.map((tx) => ({
      code: 0,
      codespace: "",
      log: "",
      data: new Uint8Array(),
      gasWanted: 200000n,
      gasUsed: 1000n + BigInt(tx.length),
      events: [{ type: "message", attributes: [{ key: "sender", value: `nesa1${tx[0]}` }] }],
    }));
    const prev = this.blocks.at(-1);
    const block: StoredBlock = {
      hash: sha256(new TextEncoder().encode(`block ${height}`)),
      header: {
        chainId: this.chainId,
        height,
        time: `2026-01-01T00:00:${String(Number(height) % 60).padStart(2, "0")}.000000000Z`,
        lastBlockHash: prev ? prev.hash : new Uint8Array(),
        dataHash: sha256(new Uint8Array(txs.flatMap((t) => [...t]))),
        appHash: this.appHash,
        lastResultsHash: new Uint8Array(),
        proposerAddress: this.validator().address,
      },
      txs,
      txResults: results,
      finalizeBlockEvents: [{ type: "beacon", attributes: [{ key: "height", value: String(height) }] }],
      resultingAppHash: sha256(this.appHash),
    };
    this.appHash = block.resultingAppHash;
    this.blocks.push(block);
    const indexed = txs.map((tx, index) => ({ hash: sha256(tx), height, index, tx, result: results[index] }));
    this.txs.push(...indexed);
    this.emitter.emit("block", block);
    for (const t of indexed) this.emitter.emit("tx", t);
    return block;
  }
}
