// nesad as an ABCI 2.0 application: maps CometBFT's calls onto the simulator's own Application,
// executeBlock and BlockStore, so both engines run one state machine.
//   FinalizeBlock = beacon check + executeBlock (BeginBlock, every tx, EndBlock, app hash in memory)
//   Commit        = the block's single LevelDB batch (state, block, index, last-commit record)
//   Info          = last persisted height and app hash: CometBFT's handshake replays what is missing
import { isDeepStrictEqual } from "node:util";
import { mkdirSync } from "node:fs";
import pino, { type Logger } from "pino";
import { beaconAlpha } from "@nesa/crypto";
import {
  CheckTxType,
  type Request,
  type RequestCheckTx,
  type RequestFinalizeBlock,
  type RequestInitChain,
  type RequestPrepareProposal,
  type RequestProcessProposal,
  type RequestQuery,
  Response,
  ResponseProcessProposal_ProposalStatus as ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus as VerifyStatus,
} from "cosmjs-types/tendermint/abci/types";
import { Application } from "../app/application";
import type { GenesisDoc } from "../app/genesis-doc";
import { type ModuleFactory, wireModules } from "../app/modules";
import { errorResult } from "../app/run-tx";
import { ErrInvalidRequest, ErrUnauthorized } from "../errors/sdk-errors";
import { BlockStore, attachTxHashes } from "../node/block-store";
import { executeBlock } from "../node/execute-block";
import { dataHash, resultsHash, txHash } from "../node/header-hash";
import { type ValidatorKey, homePaths } from "../node/home";
import { resumeOrInit } from "../node/resume";
import type { StoredBlock, TxResult } from "../node/types";
import type { WriteSet } from "../store/cache-store";
import { type PrefetchingBeaconSigner, beaconSignerFromSecret } from "../x/inference/beacon-signer";
import { timestampToRfc3339, toAbciEvents, toExecTxResult } from "./abci-types";
import { BlockBeaconSigner } from "./block-beacon";
import { beaconProblem, decodeBeaconTx, encodeBeaconTx, isBeaconTx } from "./beacon-tx";
import { type CheckedTxInfo, orderProposal } from "./proposal-order";
import { type ValidatorSet, loadAbciHome } from "./validator-set";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
export const APP_VERSION = "nesad/0.1.0";
const MAX_CHECKED = 200_000;
const PREFETCH_WAIT_MS = 500;

export interface AbciAppOptions {
  home: string;
  logger?: Logger;
  extraModules?: ModuleFactory[];
  /** Run every module invariant after each block; a broken one halts the app (tests). */
  checkInvariants?: boolean;
}

interface PendingCommit {
  block: StoredBlock;
  changes: WriteSet;
}

/** The proto size of a tx inside Data.txs (tag + length + bytes): what CometBFT counts against max_tx_bytes. */
const protoTxSize = (n: number) => 1 + (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5) + n;

export class AbciApp {
  private readonly checked = new Map<string, CheckedTxInfo>();
  private pending: PendingCommit | undefined;
  private lastBlockHash: Uint8Array = new Uint8Array();
  private lastResultsHash: Uint8Array = new Uint8Array();
  private prefetched: Promise<void> = Promise.resolve();

  private constructor(
    readonly app: Application,
    private readonly store: BlockStore,
    readonly genesis: GenesisDoc,
    private readonly vrfKey: ValidatorKey,
    private readonly prover: PrefetchingBeaconSigner,
    readonly validators: ValidatorSet,
    private readonly blockBeacon: BlockBeaconSigner,
    private readonly opts: AbciAppOptions,
    readonly logger: Logger,
  ) {}

  static async open(opts: AbciAppOptions): Promise<AbciApp> {
    const logger = opts.logger ?? pino({ level: "silent" });
    const { genesis, vrfKey, validators } = loadAbciHome(opts.home);
    const blockBeacon = new BlockBeaconSigner();
    const wiring = wireModules(genesis.chain_id, vrfKey, opts.extraModules, blockBeacon);
    const app = new Application({ chainId: genesis.chain_id, ...wiring, maxBlockGas: BigInt(genesis.consensus_params.block.max_gas) });
    const paths = homePaths(opts.home);
    mkdirSync(paths.data, { recursive: true });
    const store = new BlockStore(paths.db);
    try {
      await store.open();
    } catch (e) {
      throw new Error(`cannot open ${paths.db} (${(e as Error).message}); is another nesad running on this home?`);
    }
    const a = new AbciApp(app, store, genesis, vrfKey, beaconSignerFromSecret(vrfKey.privKey), validators, blockBeacon, opts, logger);
    app.keepCheckStateUntilReset = true;
    try {
      // The same genesis CometBFT sends in InitChain (checked there); applied now so Info can answer.
      const tip = await resumeOrInit(app, store, genesis, logger);
      a.lastBlockHash = tip.lastBlockHash;
      a.lastResultsHash = tip.lastResultsHash;
      a.prefetchNextBeacon();
    } catch (e) {
      await store.close();
      throw e;
    }
    return a;
  }

  get chainId(): string {
    return this.app.chainId;
  }

  /** One ABCI request → its response (see connection.ts for ordering and exceptions). */
  readonly handle = (req: Request): Response | Promise<Response> => {
    if (req.echo) return Response.fromPartial({ echo: { message: req.echo.message } });
    if (req.flush) return Response.fromPartial({ flush: {} });
    if (req.info) return this.info();
    if (req.initChain) return this.initChain(req.initChain);
    if (req.query) return Response.fromPartial({ query: this.query(req.query) });
    if (req.checkTx) return Response.fromPartial({ checkTx: this.checkTx(req.checkTx) });
    if (req.prepareProposal) return this.prepareProposal(req.prepareProposal);
    if (req.processProposal) return Response.fromPartial({ processProposal: { status: this.processProposal(req.processProposal) } });
    if (req.finalizeBlock) return this.finalizeBlock(req.finalizeBlock);
    if (req.commit) return this.commit();
    if (req.extendVote) return Response.fromPartial({ extendVote: { voteExtension: new Uint8Array() } });
    if (req.verifyVoteExtension) return Response.fromPartial({ verifyVoteExtension: { status: VerifyStatus.ACCEPT } });
    if (req.listSnapshots) return Response.fromPartial({ listSnapshots: { snapshots: [] } });
    if (req.offerSnapshot) return Response.fromPartial({ offerSnapshot: {} });
    if (req.loadSnapshotChunk) return Response.fromPartial({ loadSnapshotChunk: {} });
    if (req.applySnapshotChunk) return Response.fromPartial({ applySnapshotChunk: {} });
    throw new Error("unknown ABCI request");
  };

  private info(): Response {
    const last = this.app.lastCommitted();
    return Response.fromPartial({
      info: {
        data: "nesad",
        version: APP_VERSION,
        appVersion: 0n,
        lastBlockHeight: last.height,
        lastBlockAppHash: last.height > 0n ? last.appHash : new Uint8Array(),
      },
    });
  }

  private initChain(req: RequestInitChain): Response {
    if (req.chainId !== this.chainId) throw new Error(`CometBFT's chain id ${req.chainId} is not this home's ${this.chainId}: the two genesis files differ`);
    if (req.appStateBytes.length > 0) {
      const theirs = JSON.parse(new TextDecoder().decode(req.appStateBytes));
      if (!isDeepStrictEqual(theirs, this.genesis.app_state)) {
        throw new Error("CometBFT's genesis app_state differs from nesad's config/genesis.json: regenerate both from one genesis");
      }
    }
    const last = this.app.lastCommitted();
    if (last.height !== 0n) throw new Error(`InitChain on an app already at height ${last.height}: use a fresh nesad home with a fresh CometBFT home`);
    return Response.fromPartial({ initChain: { validators: [], appHash: last.appHash } });
  }

  private query(req: RequestQuery) {
    const latest = this.app.lastCommitted().height;
    const reply = (r: { code: number; codespace: string; log: string; value: Uint8Array; height: bigint }) => ({
      code: r.code,
      codespace: r.codespace,
      log: r.log,
      value: r.value,
      // cosmjs refuses height 0 ("No query height returned"); before block 1 the state is genesis.
      height: r.height === 0n ? 1n : r.height,
    });
    if (req.height !== 0n && req.height !== latest) {
      const e = ErrInvalidRequest.wrap(`historical queries are not supported: query height ${req.height}, latest is ${latest}; leave height out`);
      return reply({ code: e.code, codespace: e.codespace, log: e.message, value: new Uint8Array(), height: latest });
    }
    return reply(this.app.query(req.path, req.data));
  }

  private checkTx(req: RequestCheckTx) {
    const hashHex = hex(txHash(req.tx));
    let r: TxResult;
    if (isBeaconTx(req.tx)) {
      r = errorResult(ErrUnauthorized.wrap("beacon txs are put in blocks by their proposer only; they cannot be broadcast"), 0n, 0n);
    } else {
      const out = this.app.checkTx(req.tx, hashHex);
      r = out.result;
      if (r.code === 0 && out.tx && out.ante) {
        if (this.checked.size >= MAX_CHECKED && !this.checked.has(hashHex)) this.checked.clear();
        this.checked.set(hashHex, { signer: out.tx.signers[0], sequence: out.ante.sequences[0], gasWanted: out.tx.gasLimit, priority: out.ante.priority });
      } else {
        this.checked.delete(hashHex);
        if (req.type === CheckTxType.RECHECK) this.logger.debug({ tx: hashHex.toUpperCase(), log: r.log }, "tx dropped from mempool on recheck");
      }
    }
    return { ...toExecTxResult(r), info: r.info ?? "" };
  }

  private async prepareProposal(req: RequestPrepareProposal): Promise<Response> {
    const last = this.app.lastCommitted();
    await Promise.race([this.prefetched, new Promise((r) => setTimeout(r, PREFETCH_WAIT_MS))]);
    const { proof, output } = this.prover.proveWithOutput(beaconAlpha(this.chainId, req.height, last.appHash));
    const beaconTx = encodeBeaconTx({ height: req.height, proof, output, proposerPubkey: this.vrfKey.pubKey, prevAppHash: last.appHash });
    const candidates = req.txs.filter((t) => !isBeaconTx(t)).map((bytes) => ({ bytes, hashHex: hex(txHash(bytes)) }));
    const maxBytes = Number(req.maxTxBytes);
    const ordered = orderProposal(candidates, (h) => this.checked.get(h), maxBytes, BigInt(this.genesis.consensus_params.block.max_gas));
    // Room for the beacon: drop from the end (never from the middle of one sender's sequence run).
    let size = protoTxSize(beaconTx.length) + ordered.reduce((s, t) => s + protoTxSize(t.length), 0);
    while (ordered.length > 0 && size > maxBytes) size -= protoTxSize((ordered.pop() as Uint8Array).length);
    return Response.fromPartial({ prepareProposal: { txs: [beaconTx, ...ordered] } });
  }

  /** Why this block's first tx is not its proposer's valid beacon (undefined: it is). */
  beaconProblemOf(txs: Uint8Array[], height: bigint, proposer: Uint8Array): string | undefined {
    const problem = beaconProblem(txs[0], {
      chainId: this.chainId,
      height,
      prevAppHash: this.app.lastCommitted().appHash,
      proposerVrfKey: this.validators.vrfKeyOf(proposer),
    });
    if (problem) return problem;
    if (txs.slice(1).some(isBeaconTx)) return "a block may carry only one beacon tx, the first";
    return undefined;
  }

  processProposal(req: RequestProcessProposal): ProposalStatus {
    // Order is not checked: fee priority is the proposer's choice (ABCI.md), not a validity rule.
    const problem = this.beaconProblemOf(req.txs, req.height, req.proposerAddress);
    if (problem) {
      this.logger.warn({ height: req.height.toString(), proposer: hex(req.proposerAddress).toUpperCase(), problem }, "proposal rejected");
      return ProposalStatus.REJECT;
    }
    return ProposalStatus.ACCEPT;
  }

  private finalizeBlock(req: RequestFinalizeBlock): Response {
    if (this.pending) throw new Error(`FinalizeBlock ${req.height} before block ${this.pending.block.header.height} was committed`);
    const last = this.app.lastCommitted();
    // A decided block passed ProcessProposal on > 2/3 of the power; a bad beacon here means the
    // validator set broke the protocol, and executing anyway would fork this node off: halt.
    const problem = this.beaconProblemOf(req.txs, req.height, req.proposerAddress);
    if (problem) throw new Error(`decided block ${req.height} has no valid beacon (${problem}); halting`);
    const beaconTx = req.txs[0];
    const userTxs = req.txs.slice(1);
    const hashes = userTxs.map(txHash);
    const header = {
      chainId: this.chainId,
      height: req.height,
      time: timestampToRfc3339(req.time),
      lastBlockHash: this.lastBlockHash,
      dataHash: dataHash(hashes),
      appHash: last.appHash,
      lastResultsHash: this.lastResultsHash,
      proposerAddress: req.proposerAddress,
    };
    this.blockBeacon.set(decodeBeaconTx(beaconTx));
    let executed: ReturnType<typeof executeBlock>;
    try {
      executed = executeBlock(this.app, header, userTxs, hashes);
    } finally {
      this.blockBeacon.set(undefined);
    }
    if (this.opts.checkInvariants) {
      const broken = this.app.runInvariants();
      if (broken.length) throw new Error(`invariant broken after block ${req.height}: ${broken.join("; ")}`);
    }
    const beaconResult: TxResult = { code: 0, codespace: "", log: "", data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [] };
    const block: StoredBlock = {
      ...executed.block,
      hash: req.hash,
      txs: req.txs,
      txResults: [beaconResult, ...executed.block.txResults],
    };
    attachTxHashes(block, [txHash(beaconTx), ...hashes]);
    for (const h of hashes) this.checked.delete(hex(h));
    this.pending = { block, changes: executed.changes };
    return Response.fromPartial({
      finalizeBlock: {
        events: toAbciEvents(block.finalizeBlockEvents),
        txResults: block.txResults.map(toExecTxResult),
        validatorUpdates: [],
        appHash: block.resultingAppHash,
      },
    });
  }

  private async commit(): Promise<Response> {
    const p = this.pending;
    if (!p) throw new Error("Commit without FinalizeBlock");
    const { header } = p.block;
    await this.store.commit(p.changes, p.block, { height: header.height, time: header.time, appHash: hex(p.block.resultingAppHash), blockHash: hex(p.block.hash) });
    this.pending = undefined;
    // CometBFT re-checks what is left in its mempool next, in order, against the block's state.
    this.app.resetCheckState();
    this.lastBlockHash = p.block.hash;
    this.lastResultsHash = resultsHash(p.block.txResults);
    this.prefetchNextBeacon();
    this.logger.debug({ height: header.height.toString(), txs: p.block.txs.length, appHash: hex(p.block.resultingAppHash).toUpperCase() }, "block committed");
    return Response.fromPartial({ commit: { retainHeight: 0n } });
  }

  /** Starts the next height's VRF proof on a worker, in case this validator proposes it. */
  private prefetchNextBeacon(): void {
    const last = this.app.lastCommitted();
    this.prefetched = this.prover.prefetch(beaconAlpha(this.chainId, last.height + 1n, last.appHash));
  }

  async close(): Promise<void> {
    await this.prefetched;
    await this.store.close();
  }
}
