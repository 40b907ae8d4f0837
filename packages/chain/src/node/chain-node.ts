// The ChainNode: mempool + application + block store + block producer. One block at a time
// (a promise chain serialises production); CheckTx and queries run between blocks.
import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import pino, { type Logger } from "pino";
import { Application } from "../app/application";
import { type ModuleFactory, wireModules } from "../app/modules";
import { errorResult } from "../app/run-tx";
import { ErrInvalidRequest } from "../errors/sdk-errors";
import { DEFAULT_MEMPOOL_LIMITS, Mempool, type MempoolLimits } from "../mempool/mempool";
import { nextBlockTime } from "./block-time";
import { BlockStore, attachTxHashes, toIndexedTx } from "./block-store";
import { executeBlock } from "./execute-block";
import { dataHash, resultsHash, txHash } from "./header-hash";
import { type ValidatorKey, homePaths, loadHome } from "./home";
import { searchTxs } from "./tx-search";
import { TxWaiters } from "./tx-waiters";
import type { GenesisDoc } from "../app/genesis-doc";
import type * as T from "./types";

export interface CreateNodeOptions {
  home: string;
  /** Milliseconds between blocks (default 1000). Ignored with manualBlocks. */
  blockTimeMs?: number;
  /** Tests: no timer, call produceBlock(). */
  manualBlocks?: boolean;
  logger?: Logger;
  /** Extra modules (tests, experiments) after the ones in app/modules.ts. */
  extraModules?: ModuleFactory[];
  mempoolLimits?: MempoolLimits;
  /** Run every module invariant after each block and stop on the first broken one (tests). */
  checkInvariants?: boolean;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export class NesaNode implements T.ChainNode {
  readonly moniker = "nesad";
  readonly mempool: Mempool;
  private readonly emitter = new EventEmitter();
  private readonly waiters = new TxWaiters();
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private closed = false;
  private halted: string | undefined;
  private lastBlockHash: Uint8Array = new Uint8Array();
  private lastResultsHash: Uint8Array = new Uint8Array();

  private constructor(
    readonly app: Application,
    private readonly store: BlockStore,
    private readonly genesisDoc: GenesisDoc,
    private readonly validatorKey: ValidatorKey,
    private readonly opts: CreateNodeOptions,
    readonly logger: Logger,
  ) {
    this.mempool = new Mempool(opts.mempoolLimits ?? DEFAULT_MEMPOOL_LIMITS);
    this.emitter.setMaxListeners(0);
  }

  /** Opens (or creates) the node's database under `home`, applies genesis or resumes. */
  static async open(opts: CreateNodeOptions): Promise<NesaNode> {
    const logger = opts.logger ?? pino({ level: "silent" });
    const { genesis, validatorKey } = loadHome(opts.home);
    const wiring = wireModules(genesis.chain_id, validatorKey, opts.extraModules);
    const app = new Application({ chainId: genesis.chain_id, ...wiring, maxBlockGas: maxGas(genesis) });
    const paths = homePaths(opts.home);
    mkdirSync(paths.data, { recursive: true });
    const store = new BlockStore(paths.db);
    try {
      await store.open();
    } catch (e) {
      throw new Error(`cannot open ${paths.db} (${(e as Error).message}); is another nesad running on this home?`);
    }
    const node = new NesaNode(app, store, genesis, validatorKey, opts, logger);
    try {
      await node.resumeOrInit();
    } catch (e) {
      await store.close();
      throw e;
    }
    if (!opts.manualBlocks) node.scheduleNext(opts.blockTimeMs ?? 1000);
    return node;
  }

  private async resumeOrInit(): Promise<void> {
    const last = await this.store.lastCommit();
    if (!last) {
      const { appHash, changes } = this.app.initChain(this.genesisDoc);
      const time = this.app.lastCommitted().time;
      await this.store.commit(changes, undefined, { height: this.app.lastCommitted().height, time, appHash: hex(appHash), blockHash: "" });
      this.logger.info({ chainId: this.chainId, appHash: hex(appHash).toUpperCase() }, "genesis applied");
      return;
    }
    const entries: [Uint8Array, Uint8Array][] = [];
    for await (const e of this.store.stateEntries()) entries.push(e);
    const appHash = this.app.restore(entries, last.height, last.time);
    if (hex(appHash) !== last.appHash) {
      throw new Error(
        `stored state does not match its app hash at height ${last.height} (recomputed ${hex(appHash)}, stored ${last.appHash}); the database is damaged — check it with \`pnpm nesad replay\``,
      );
    }
    const block = last.height > 0n ? await this.store.getBlock(last.height) : undefined;
    if (block) {
      this.lastBlockHash = block.hash;
      this.lastResultsHash = resultsHash(block.txResults);
    }
    this.logger.info({ height: last.height.toString(), appHash: last.appHash.toUpperCase() }, "resumed");
  }

  get chainId(): string {
    return this.app.chainId;
  }

  genesis(): unknown {
    return this.genesisDoc;
  }

  latestHeight(): bigint {
    return this.app.lastCommitted().height;
  }

  latestAppHash(): Uint8Array {
    return this.app.lastCommitted().appHash;
  }

  earliestHeight(): bigint {
    return BigInt(this.genesisDoc.initial_height);
  }

  getBlock(height: bigint): Promise<T.StoredBlock | undefined> {
    return this.store.getBlock(height);
  }

  validator(): T.ValidatorInfo {
    return {
      address: this.validatorKey.address,
      pubKey: { type: "tendermint/PubKeySecp256k1", value: this.validatorKey.pubKey },
      votingPower: BigInt(this.genesisDoc.validators[0].power),
    };
  }

  async checkTx(txBytes: Uint8Array): Promise<T.CheckTxResponse> {
    const hash = txHash(txBytes);
    const hashHex = hex(hash);
    try {
      this.mempool.admit(hashHex, txBytes.length);
    } catch (e) {
      return { ...errorResult(e, 0n, 0n), hash };
    }
    const out = this.app.checkTx(txBytes, hashHex);
    if (out.result.code === 0 && out.tx && out.ante) {
      this.mempool.add({
        hashHex,
        bytes: txBytes,
        signer: out.tx.signers[0],
        sequence: out.ante.sequences[0],
        gasWanted: out.tx.gasLimit,
        priority: out.ante.priority,
      });
    }
    return { ...out.result, hash };
  }

  async waitForTx(hash: Uint8Array, timeoutMs: number): Promise<T.IndexedTx> {
    const wait = this.waiters.wait(hex(hash), timeoutMs);
    const found = await this.getTx(hash);
    if (found) {
      this.waiters.resolve(hex(hash), found);
    }
    return wait;
  }

  mempoolSize(): number {
    return this.mempool.size();
  }

  async query(path: string, data: Uint8Array, height?: bigint): Promise<T.AbciQueryResponse> {
    const latest = this.latestHeight();
    if (height !== undefined && height !== 0n && height !== latest) {
      const e = ErrInvalidRequest.wrap(`historical queries are not supported: query height ${height}, latest is ${latest}; leave height out`);
      return { code: e.code, codespace: e.codespace, log: e.message, value: new Uint8Array(), height: latest };
    }
    return this.app.query(path, data);
  }

  async getTx(hash: Uint8Array): Promise<T.IndexedTx | undefined> {
    const loc = await this.store.txLocation(hash);
    if (!loc) return undefined;
    const block = await this.store.getBlock(loc.height);
    return block ? toIndexedTx(block, loc.index, hash) : undefined;
  }

  searchTxs(conditions: T.SearchCondition[], page: number, perPage: number, order: "asc" | "desc") {
    return searchTxs(this.store, this.latestHeight(), conditions, page, perPage, order);
  }

  on<E extends keyof T.ChainNodeEvents>(event: E, listener: T.ChainNodeEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof T.ChainNodeEvents>(event: E, listener: T.ChainNodeEvents[E]): void {
    this.emitter.off(event, listener);
  }

  /**
   * Produces the next block now (serialised with the timer's blocks). `txs` (tests) puts exactly
   * those txs in the block, bypassing the mempool, to exercise DeliverTx on txs CheckTx would refuse.
   */
  produceBlock(opts: { txs?: Uint8Array[] } = {}): Promise<T.StoredBlock> {
    const next = this.chain.then(() => this.produce(opts.txs));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async produce(forced?: Uint8Array[]): Promise<T.StoredBlock> {
    if (this.closed) throw new Error("the node is closed");
    if (this.halted) throw new Error(`the node halted: ${this.halted}`);
    const last = this.app.lastCommitted();
    const maxBytes = Number(this.genesisDoc.consensus_params.block.max_bytes);
    const picked = forced
      ? forced.map((bytes) => ({ bytes, hashHex: hex(txHash(bytes)) }))
      : this.mempool.reap(maxBytes, maxGas(this.genesisDoc));
    const txs = picked.map((p) => p.bytes);
    const hashes = picked.map((p) => new Uint8Array(Buffer.from(p.hashHex, "hex")));
    const header: T.BlockHeader = {
      chainId: this.chainId,
      height: last.height + 1n,
      time: nextBlockTime(last.time, Date.now()),
      lastBlockHash: this.lastBlockHash,
      dataHash: dataHash(hashes),
      appHash: last.appHash,
      lastResultsHash: this.lastResultsHash,
      proposerAddress: this.validatorKey.address,
    };
    const { block, changes } = executeBlock(this.app, header, txs, hashes);
    for (const p of picked) this.mempool.remove(p.hashHex);
    this.recheckMempool();
    if (this.opts.checkInvariants) {
      const broken = this.app.runInvariants();
      if (broken.length) {
        // The block is committed in memory but not on disk: stop here, a restart resumes before it.
        this.halted = `invariant broken after block ${header.height}: ${broken.join("; ")}`;
        throw new Error(this.halted);
      }
    }
    attachTxHashes(block, hashes);
    await this.store.commit(changes, block, {
      height: header.height,
      time: header.time,
      appHash: hex(block.resultingAppHash),
      blockHash: hex(block.hash),
    });
    this.lastBlockHash = block.hash;
    this.lastResultsHash = resultsHash(block.txResults);
    this.logger.debug({ height: header.height.toString(), txs: txs.length, appHash: hex(block.resultingAppHash) }, "block committed");
    this.emitter.emit("block", block);
    block.txs.forEach((_, i) => {
      const itx = toIndexedTx(block, i, hashes[i]);
      this.emitter.emit("tx", itx);
      this.waiters.resolve(picked[i].hashHex, itx);
    });
    return block;
  }

  /** After a block, txs left in the mempool are checked again against the new state. */
  private recheckMempool(): void {
    this.app.resetCheckState();
    for (const tx of this.mempool.inArrivalOrder()) {
      const out = this.app.checkTx(tx.bytes, tx.hashHex);
      if (out.result.code !== 0) {
        this.mempool.remove(tx.hashHex);
        this.logger.debug({ tx: tx.hashHex.toUpperCase(), log: out.result.log }, "tx dropped from mempool on recheck");
      }
    }
  }

  private scheduleNext(blockTimeMs: number, delayMs = blockTimeMs): void {
    if (this.closed) return;
    this.timer = setTimeout(async () => {
      const started = Date.now();
      try {
        await this.produceBlock();
      } catch (e) {
        if (this.closed) return;
        this.logger.fatal({ err: e }, "block production failed; the node stops producing blocks");
        return;
      }
      this.scheduleNext(blockTimeMs, Math.max(0, blockTimeMs - (Date.now() - started)));
    }, delayMs);
  }

  runInvariants(): string[] {
    return this.app.runInvariants();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    this.waiters.rejectAll("the node was closed before the tx was committed");
    await this.store.close();
  }
}

function maxGas(g: GenesisDoc): bigint {
  return BigInt(g.consensus_params.block.max_gas);
}
