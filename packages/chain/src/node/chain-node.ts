// The ChainNode: mempool + application + block store + block producer. One block at a time
// (a promise chain serialises production); CheckTx and queries run between blocks.
import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { SigVerifierPool } from "./sig-verifier-pool";
import pino, { type Logger } from "pino";
import { Application } from "../app/application";
import { wireModules } from "../app/modules";
import { errorResult } from "../app/run-tx";
import { ErrInvalidRequest } from "../errors/sdk-errors";
import { DEFAULT_MEMPOOL_LIMITS, Mempool } from "../mempool/mempool";
import { BlockStore, attachTxHashes, toIndexedTx } from "./block-store";
import { proposeBlock, recheckMempool } from "./block-builder";
import { resultsHash, txHash } from "./header-hash";
import { type ValidatorKey, homePaths, loadHome } from "./home";
import { resumeOrInit } from "./resume";
import { searchTxs } from "./tx-search";
import { TxWaiters } from "./tx-waiters";
import type { GenesisDoc } from "../app/genesis-doc";
import type * as T from "./types";
import type { CreateNodeOptions } from "./node-options";

export type { CreateNodeOptions };


const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const PREPARE_WAIT_MS = 1000;

function waitAtMost(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class NesaNode implements T.ChainNode {
  readonly moniker = "nesad";
  readonly mempool: Mempool;
  private readonly emitter = new EventEmitter();
  private readonly waiters = new TxWaiters();
  private chain: Promise<unknown> = Promise.resolve();
  private checkChain: Promise<unknown> = Promise.resolve();
  private readonly verifier?: SigVerifierPool;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private halted: string | undefined;
  private lastBlockHash: Uint8Array = new Uint8Array();
  private lastResultsHash: Uint8Array = new Uint8Array();
  /** Work modules started for the next block after the last commit (the beacon's VRF proof). */
  private prepared: Promise<void> = Promise.resolve();

  private constructor(
    readonly app: Application,
    private readonly store: BlockStore,
    private readonly genesisDoc: GenesisDoc,
    private readonly validatorKey: ValidatorKey,
    private readonly opts: CreateNodeOptions,
    readonly logger: Logger,
  ) {
    this.mempool = new Mempool(opts.mempoolLimits ?? DEFAULT_MEMPOOL_LIMITS);
    const workers = opts.sigWorkers ?? Math.max(1, availableParallelism() - 1);
    if (workers > 0) this.verifier = new SigVerifierPool(workers);
    this.emitter.setMaxListeners(0);
  }

  /** Opens (or creates) the node's database under `home`, applies genesis or resumes. */
  static async open(opts: CreateNodeOptions): Promise<NesaNode> {
    const logger = opts.logger ?? pino({ level: "silent" });
    const { genesis, validatorKey } = loadHome(opts.home);
    const wiring = wireModules(genesis.chain_id, validatorKey, opts.extraModules);
    const app = new Application({ chainId: genesis.chain_id, ...wiring, maxBlockGas: BigInt(genesis.consensus_params.block.max_gas) });
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
      const tip = await resumeOrInit(app, store, genesis, logger);
      node.lastBlockHash = tip.lastBlockHash;
      node.lastResultsHash = tip.lastResultsHash;
      node.prepared = app.prepareNextBlock();
    } catch (e) {
      await node.close(); // also stops its signature workers
      throw e;
    }
    // A fresh chain makes block 1 at once, as CometBFT does after genesis.
    if (!opts.manualBlocks) node.scheduleNext(opts.blockTimeMs ?? 1000, node.latestHeight() === 0n ? 0 : undefined);
    return node;
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
    if (this.mempool.has(hashHex)) return this.runCheck(txBytes, hash, hashHex);
    // Signatures are verified on a worker while earlier txs finish; CheckTx itself then runs in
    // arrival order, so one sender's txs see each other's sequence bumps.
    const job = this.verifier ? this.app.prepareCheck(txBytes, hashHex) : undefined;
    const verified = job && this.verifier ? this.verifier.verify(job.items) : Promise.resolve(false);
    const run = this.checkChain.then(async () => {
      if (job && (await verified)) this.app.markVerified(job.cacheKey);
      return this.runCheck(txBytes, hash, hashHex);
    });
    this.checkChain = run.catch(() => undefined);
    return run;
  }

  private runCheck(txBytes: Uint8Array, hash: Uint8Array, hashHex: string): T.CheckTxResponse {
    try {
      this.mempool.admit(hashHex, txBytes.length);
    } catch (e) {
      if (!this.mempool.has(hashHex)) this.app.forgetPrepared(hashHex);
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

  async checkTxOnly(txBytes: Uint8Array): Promise<T.TxResult> {
    await this.checkChain;
    return this.app.checkTxOnly(txBytes, hex(txHash(txBytes))).result;
  }

  unconfirmedTxs(limit: number): { txs: Uint8Array[]; total: number; totalBytes: number } {
    const txs = this.mempool.inArrivalOrder().slice(0, limit).map((t) => t.bytes);
    return { txs, total: this.mempool.size(), totalBytes: this.mempool.sizeBytes() };
  }

  async query(path: string, data: Uint8Array, height?: bigint): Promise<T.AbciQueryResponse> {
    const latest = this.latestHeight();
    if (height !== undefined && height !== 0n && height !== latest) {
      const e = ErrInvalidRequest.wrap(`historical queries are not supported: query height ${height}, latest is ${latest}; leave height out`);
      return { code: e.code, codespace: e.codespace, log: e.message, value: new Uint8Array(), height: latest };
    }
    const res = this.app.query(path, data);
    // cosmjs rejects a query height of 0 ("No query height returned"); before block 1 the state
    // is genesis, which is also what block 1 starts from.
    return res.height === 0n ? { ...res, height: 1n } : res;
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
    // Normally long done (it started right after the last commit); bounded so a stuck helper
    // thread cannot stall the chain, BeginBlock then computes what is missing itself.
    await waitAtMost(this.prepared, PREPARE_WAIT_MS);
    let proposed: ReturnType<typeof proposeBlock>;
    try {
      proposed = proposeBlock({
        app: this.app,
        mempool: this.mempool,
        genesis: this.genesisDoc,
        proposer: this.validatorKey.address,
        lastBlockHash: this.lastBlockHash,
        lastResultsHash: this.lastResultsHash,
        forced,
      });
    } catch (e) {
      // Begin/EndBlock threw: the block is half-applied in memory, so no further block may follow.
      this.halted = `block ${this.latestHeight() + 1n} failed: ${(e as Error).message}`;
      throw e;
    }
    const { block, changes, hashes, hashHexes } = proposed;
    recheckMempool(this.app, this.mempool, this.logger);
    const height = block.header.height;
    if (this.opts.checkInvariants) {
      const broken = this.app.runInvariants();
      if (broken.length) {
        // The block is committed in memory but not on disk: stop here, a restart resumes before it.
        this.halted = `invariant broken after block ${height}: ${broken.join("; ")}`;
        throw new Error(this.halted);
      }
    }
    attachTxHashes(block, hashes);
    const appHash = hex(block.resultingAppHash);
    await this.store.commit(changes, block, { height, time: block.header.time, appHash, blockHash: hex(block.hash) });
    this.lastBlockHash = block.hash;
    this.lastResultsHash = resultsHash(block.txResults);
    this.prepared = this.app.prepareNextBlock();
    this.logger.debug({ height: height.toString(), txs: block.txs.length, appHash }, "block committed");
    this.emitter.emit("block", block);
    block.txs.forEach((_, i) => {
      const itx = toIndexedTx(block, i, hashes[i]);
      this.emitter.emit("tx", itx);
      this.waiters.resolve(hashHexes[i], itx);
    });
    return block;
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
        this.opts.onHalt?.(e as Error);
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
    await this.checkChain;
    await this.verifier?.close();
    this.waiters.rejectAll("the node was closed before the tx was committed");
    await this.store.close();
  }
}
