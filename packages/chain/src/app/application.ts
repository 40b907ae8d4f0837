// The state machine: genesis, check/deliver/simulate, Begin/EndBlock hooks, commit with the app
// hash. It never reads the clock: block time and proposer come from the header it is given.
import { combineAppHash, merkleEmptyHash } from "@nesa/crypto";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { ChainError } from "../errors/chain-error";
import { ErrInvalidRequest, ErrLogic, ErrUnknownRequest } from "../errors/sdk-errors";
import type { AbciEvent, AbciQueryResponse } from "../node/types";
import { StateHasher } from "../store/app-hash";
import { CacheStore, type WriteSet } from "../store/cache-store";
import { fromKeyString } from "../store/key-string";
import { MemoryStore } from "../store/memory-store";
import type { AuthKeeper } from "../x/auth/keeper";
import type { BankKeeperImpl } from "../x/bank/keeper";
import { type BlockInfo, makeContext } from "./context";
import { BasicEventManager } from "./events";
import { InfiniteGasMeter } from "./gas";
import { type GenesisDoc, normalizeTime } from "./genesis-doc";
import type { AppModule, Context } from "./module";
import { Router } from "./router";
import { type RunTxDeps, type RunTxOutput, runTx } from "./run-tx";
import { type DecodedTx, decodeTx } from "./tx-decode";
import { prepareSignatures } from "./sig-prepare";
import type { SigItem } from "../node/sig-verifier-pool";

export interface AppOptions {
  chainId: string;
  modules: AppModule[];
  auth: AuthKeeper;
  bank: BankKeeperImpl;
  /** consensus_params.block.max_gas (-1 → no limit). */
  maxBlockGas: bigint;
}

export interface CommittedInfo {
  height: bigint;
  time: string;
  /** sha256(len‖"nesa/app-hash/v1" ‖ stateDigest ‖ block commitment) (@nesa/crypto combineAppHash). */
  appHash: Uint8Array;
  /** The multiset hash of every (key, value) pair of the committed state (store/app-hash.ts). */
  stateDigest: Uint8Array;
}

export const SIMULATE_PATH = "/cosmos.tx.v1beta1.Service/Simulate";
const MAX_SIG_CACHE = 200_000;

export class Application {
  readonly state = new MemoryStore();
  readonly router: Router;
  private readonly hasher = new StateHasher();
  private readonly deps: RunTxDeps;
  private checkStore = new CacheStore(this.state);
  private deliver?: { store: CacheStore; block: BlockInfo };
  private readonly decoded = new Map<string, DecodedTx>();
  private last: CommittedInfo = { height: 0n, time: "", appHash: new Uint8Array(), stateDigest: new Uint8Array() };
  /** The module whose AppModule.blockCommitment the app hash carries (x/inference's verdict root), if any. */
  private readonly committer?: AppModule;

  constructor(private readonly opts: AppOptions) {
    this.router = new Router(opts.modules);
    const committers = opts.modules.filter((m) => m.blockCommitment);
    if (committers.length > 1) throw new Error(`only one module may add a block commitment to the app hash: ${committers.map((m) => m.name).join(", ")}`);
    this.committer = committers[0];
    for (const m of opts.modules) m.setMsgRoutes?.(this.router.msgs);
    this.deps = { auth: opts.auth, bank: opts.bank, router: this.router, sigCache: new Set(), maxBlockGas: opts.maxBlockGas, maxTxBytes: 0 };
  }

  get chainId(): string {
    return this.opts.chainId;
  }

  lastCommitted(): CommittedInfo {
    return this.last;
  }

  /** Applies every module's genesis section (missing sections get the module default). */
  initChain(doc: GenesisDoc): { appHash: Uint8Array; changes: WriteSet } {
    const height = BigInt(doc.initial_height);
    const block = this.blockInfo(height - 1n, normalizeTime(doc.genesis_time), new Uint8Array(20));
    this.deliver = { store: new CacheStore(this.state), block };
    const ctx = this.unmeteredContext(this.deliver.store, block);
    for (const m of this.opts.modules) {
      const g = doc.app_state[m.name] ?? m.defaultGenesis();
      m.validateGenesis(g);
      m.initGenesis(ctx, g);
    }
    return this.commit(height - 1n, block.blockTime);
  }

  /** Loads committed state from disk; returns the recomputed app hash (the caller compares it). */
  restore(entries: Iterable<[Uint8Array, Uint8Array]>, height: bigint, time: string): Uint8Array {
    for (const [k, v] of entries) {
      this.state.set(k, v);
      this.hasher.add(k, v);
    }
    this.last = this.committedInfo(height, time);
    this.afterCommit();
    return this.last.appHash;
  }

  private blockInfo(height: bigint, time: string, proposer: Uint8Array): BlockInfo {
    return { chainId: this.opts.chainId, height, blockTime: time, proposerAddress: proposer, lastAppHash: this.last.appHash, lastStateDigest: this.last.stateDigest };
  }

  /**
   * The app hash of the state just committed: its state digest combined with the block commitment (the verdict
   * root of `height`, read from that state). Commit and restore both come here, so replay and restart agree.
   */
  private committedInfo(height: bigint, time: string): CommittedInfo {
    const stateDigest = this.hasher.digest();
    let commitment = merkleEmptyHash();
    if (this.committer?.blockCommitment) {
      const block: BlockInfo = { ...this.blockInfo(height, time, new Uint8Array(20)), lastAppHash: new Uint8Array(), lastStateDigest: new Uint8Array() };
      commitment = this.committer.blockCommitment(this.unmeteredContext(this.state, block));
      if (commitment.length !== 32) throw new Error(`module ${this.committer.name} returned a ${commitment.length}-byte block commitment; expected 32`);
    }
    return { height, time, appHash: combineAppHash(stateDigest, commitment), stateDigest };
  }

  private unmeteredContext(store: CacheStore | MemoryStore, block: BlockInfo, em = new BasicEventManager()): Context {
    return makeContext(block, store, new InfiniteGasMeter(), em, { isCheckTx: false, metered: false });
  }

  beginBlock(height: bigint, time: string, proposer: Uint8Array): AbciEvent[] {
    if (this.deliver) throw new Error("beginBlock called twice without commit");
    if (height !== this.last.height + 1n) throw new Error(`block height ${height} does not follow ${this.last.height}`);
    const block = this.blockInfo(height, time, proposer);
    this.deliver = { store: new CacheStore(this.state), block };
    const em = new BasicEventManager();
    const ctx = this.unmeteredContext(this.deliver.store, block, em);
    for (const m of this.opts.modules) m.beginBlock?.(ctx);
    return em.events();
  }

  deliverTx(bytes: Uint8Array, hashHex: string): RunTxOutput {
    if (!this.deliver) throw new Error("deliverTx outside a block");
    const decoded = this.decoded.get(hashHex);
    this.decoded.delete(hashHex);
    return runTx(this.deps, "deliver", this.deliver.store, this.deliver.block, bytes, hashHex, decoded);
  }

  endBlock(): AbciEvent[] {
    if (!this.deliver) throw new Error("endBlock outside a block");
    const em = new BasicEventManager();
    const ctx = this.unmeteredContext(this.deliver.store, this.deliver.block, em);
    for (const m of this.opts.modules) m.endBlock?.(ctx);
    return em.events();
  }

  /** Applies the block's writes to the committed state and updates the app hash incrementally. */
  commit(height?: bigint, time?: string): { appHash: Uint8Array; changes: WriteSet } {
    if (!this.deliver) throw new Error("commit outside a block");
    const changes = this.deliver.store.writeSet();
    for (const [ks, value] of changes) {
      const key = fromKeyString(ks);
      this.hasher.update(ks, key, this.state.getByKeyString(ks), value ?? undefined);
      if (value === null) this.state.delete(key);
      else this.state.set(key, value);
    }
    const block = this.deliver.block;
    this.deliver = undefined;
    this.last = this.committedInfo(height ?? block.height, time ?? block.blockTime);
    this.afterCommit();
    return { appHash: this.last.appHash, changes };
  }

  /**
   * Behind CometBFT (abci/adapter.ts) the block's state is computed in FinalizeBlock but the mempool is
   * re-checked only after Commit, and CheckTx may run in between: as in the Cosmos SDK, the check state
   * then stays as it was until Commit, where the adapter calls resetCheckState().
   */
  keepCheckStateUntilReset = false;

  private afterCommit(): void {
    if (!this.keepCheckStateUntilReset) this.checkStore = new CacheStore(this.state);
    if (this.deps.sigCache.size > MAX_SIG_CACHE) this.deps.sigCache.clear();
    if (this.decoded.size > MAX_SIG_CACHE) this.decoded.clear();
    const params = this.opts.auth.getParams(this.queryContext());
    this.deps.maxTxBytes = Number(params.max_tx_bytes);
  }

  /**
   * Lets modules start work for the next block (`AppModule.prepareBlock`); resolves when it is done.
   * Never rejects: the work is an optimisation, BeginBlock recomputes whatever is missing.
   */
  prepareNextBlock(): Promise<void> {
    const next = { chainId: this.opts.chainId, height: this.last.height + 1n, lastAppHash: this.last.appHash };
    const work: Promise<void>[] = [];
    for (const m of this.opts.modules) {
      if (!m.prepareBlock) continue;
      try {
        const r = m.prepareBlock(next);
        if (r) work.push(r.catch(() => undefined));
      } catch {
        // ignored: see above
      }
    }
    return work.length ? Promise.all(work).then(() => undefined) : Promise.resolve();
  }

  /** Drops the check state (after a commit the mempool re-checks what is left). */
  resetCheckState(): void {
    this.checkStore = new CacheStore(this.state);
  }

  checkTx(bytes: Uint8Array, hashHex: string): RunTxOutput {
    const block = this.blockInfo(this.last.height + 1n, this.last.time, new Uint8Array(20));
    const out = runTx(this.deps, "check", this.checkStore, block, bytes, hashHex, this.decoded.get(hashHex));
    // Decoding depends only on the bytes: DeliverTx reuses it instead of decoding again.
    if (out.result.code === 0 && out.tx) this.decoded.set(hashHex, out.tx);
    else this.decoded.delete(hashHex);
    return out;
  }

  /** CheckTx on a throw-away copy of the check state (the RPC's check_tx: nothing is admitted). */
  checkTxOnly(bytes: Uint8Array, hashHex: string): RunTxOutput {
    const block = this.blockInfo(this.last.height + 1n, this.last.time, new Uint8Array(20));
    return runTx(this.deps, "check", new CacheStore(this.checkStore), block, bytes, hashHex);
  }

  /** Before CheckTx: decode and collect the signature checks a worker can do (undefined: none). */
  prepareCheck(bytes: Uint8Array, hashHex: string): { cacheKey: string; items: SigItem[] } | undefined {
    let tx = this.decoded.get(hashHex);
    if (!tx) {
      try {
        tx = decodeTx(bytes, this.router, this.deps.maxTxBytes);
      } catch {
        return undefined;
      }
      this.decoded.set(hashHex, tx);
    }
    const block = this.blockInfo(this.last.height + 1n, this.last.time, new Uint8Array(20));
    const ctx = makeContext(block, this.checkStore, new InfiniteGasMeter(), new BasicEventManager(), { isCheckTx: true, metered: false });
    return prepareSignatures(ctx, tx, hashHex, this.opts.auth);
  }

  /** The tx never reached CheckTx (mempool full): drop what prepareCheck kept for it. */
  forgetPrepared(hashHex: string): void {
    this.decoded.delete(hashHex);
  }

  /** A worker verified every signature of this (tx hash, account numbers): the ante skips them. */
  markVerified(cacheKey: string): void {
    this.deps.sigCache.add(cacheKey);
  }

  simulate(txBytes: Uint8Array): RunTxOutput {
    const block = this.blockInfo(this.last.height + 1n, this.last.time, new Uint8Array(20));
    return runTx(this.deps, "simulate", new CacheStore(this.checkStore), block, txBytes, "");
  }

  /** A read-only view of the committed state (queries, invariants, tests). */
  queryContext(): Context {
    const block = this.blockInfo(this.last.height, this.last.time, new Uint8Array(20));
    return makeContext(block, this.state, new InfiniteGasMeter(), new BasicEventManager(), { isCheckTx: false, metered: false });
  }

  query(path: string, data: Uint8Array): AbciQueryResponse {
    const height = this.last.height;
    try {
      if (path === SIMULATE_PATH) return { code: 0, codespace: "", log: "", value: this.simulateQuery(data), height };
      const handler = this.router.queries.get(path);
      if (!handler) {
        throw ErrUnknownRequest.wrap(`unknown query path ${path}; registered paths: ${[...this.router.queries.keys()].join(", ")}`);
      }
      return { code: 0, codespace: "", log: "", value: handler(this.queryContext(), data), height };
    } catch (e) {
      const err = e instanceof ChainError ? e : ErrInvalidRequest.wrap(`query ${path} failed: ${(e as Error).message}`);
      return { code: err.code, codespace: err.codespace, log: err.message, value: new Uint8Array(), height };
    }
  }

  private simulateQuery(data: Uint8Array): Uint8Array {
    let req: SimulateRequest;
    try {
      req = SimulateRequest.decode(data);
    } catch (e) {
      throw ErrInvalidRequest.wrap(`cannot decode SimulateRequest: ${(e as Error).message}`);
    }
    if (req.txBytes.length === 0) throw ErrInvalidRequest.wrap("SimulateRequest.tx_bytes is empty; send the encoded tx");
    const out = this.simulate(req.txBytes);
    const r = out.result;
    if (r.code !== 0) throw new ChainError(r.codespace, r.code, r.log);
    return SimulateResponse.encode({
      gasInfo: { gasWanted: r.gasWanted, gasUsed: r.gasUsed },
      result: {
        data: new Uint8Array(),
        log: "",
        events: r.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index ?? false })) })),
        msgResponses: out.msgResponses,
      },
    }).finish();
  }

  runInvariants(): string[] {
    const ctx = this.queryContext();
    const broken: string[] = [];
    for (const m of this.opts.modules) {
      for (const inv of m.invariants) {
        let msg: string | undefined;
        try {
          msg = inv.check(ctx);
        } catch (e) {
          msg = ErrLogic.wrap((e as Error).message).message;
        }
        if (msg) broken.push(`${inv.name}: ${msg}`);
      }
    }
    return broken;
  }
}
