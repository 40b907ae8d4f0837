// The tx fuzzer's oracle: two identical in-memory chains (the real Application, every module). Each
// batch of mutants goes through CheckTx on chain A; the rejected ones are then forced into A's next
// block ahead of the accepted ones, while chain B gets only the accepted ones. The app hashes must
// stay equal: a rejected input that changed any state (a fee taken, a sequence bumped, half a msg
// applied) makes them differ. Every rejection must be a registered error; sdk/35 (a plain exception
// turned into "internal logic error") counts as a panic.
import { toHex } from "@cosmjs/encoding";
import { registeredErrors } from "../../errors/chain-error";
import type { StoredBlock, TxResult } from "../../node/types";
import { txHash } from "../../node/header-hash";
import { EventQueryAssigned } from "../../x/inference/proto";
import { eventsOf } from "../block-events";
import * as M from "../msgs";
import { Rng } from "../rng";
import { SimChain } from "../sim-chain";
import { ACCOUNT_BALANCE, FLOAT_MODEL, GEN_FIELDS, GEN_MODEL, INT_MODEL, MODEL_PRICE, SIM_CHAIN_ID, type SimWorld, buildWorld, simAppState } from "../sim-world";
import { signTx } from "../tx-builder";
import { encryptionKey } from "../protocol-harness";
import { MUTANT_KINDS, type Mutant, type MutantKind, type MutantSource, mutant } from "./tx-mutants";
import { type Seat, type SeedWorld, seeds } from "./tx-seeds";

export interface TxFuzzStats {
  inputs: number;
  byKind: Record<MutantKind, { inputs: number; rejected: number; accepted: number; executed: number }>;
  byTypeUrl: Record<string, number>;
  /** Rejections (CheckTx, or DeliverTx of accepted ones) by codespace/code. */
  rejections: Record<string, number>;
  unregistered: string[];
  panics: string[];
  /** Batches after which chain A (with the rejected inputs) and chain B (without) had different app hashes. */
  stateChanges: string[];
  blocks: number;
  invariantFailures: string[];
}

const REGISTERED = new Set(registeredErrors().map((e) => `${e.codespace}/${e.code}`));
const PANIC = "sdk/35";

/** Models, miners, paid queries (seats) and an open proposal: the state the seeds refer to. */
function genesisTxs(w: SimWorld): Uint8Array[] {
  const o = w.owner.address;
  const models = [M.registerModel(o, FLOAT_MODEL, 2, MODEL_PRICE), M.registerModel(o, INT_MODEL, 1, MODEL_PRICE, true), M.registerModel(o, GEN_MODEL, 2, MODEL_PRICE, false, GEN_FIELDS)];
  const miners = w.miners.map((m, i) => signTx(m, [M.registerMiner(m.address, encryptionKey(i), [FLOAT_MODEL, INT_MODEL, GEN_MODEL], 2_000_000n)], SIM_CHAIN_ID));
  return [signTx(w.owner, models, SIM_CHAIN_ID), ...miners];
}

export class TxFuzzer {
  private readonly world: SimWorld;
  private readonly a: SimChain;
  private readonly b: SimChain;
  private readonly rng: Rng;
  private readonly src: MutantSource;
  private readonly seats = new Map<string, Seat>();
  private proposalIds: bigint[] = [];
  private diverged = false;
  readonly stats: TxFuzzStats;

  constructor(seed: string, miners = 8) {
    this.rng = new Rng(`fuzz/${seed}`);
    this.world = buildWorld(`fuzz/${seed}`, miners, 6, 0);
    const opts = { chainId: SIM_CHAIN_ID, validatorSecret: this.world.validatorSecret, accounts: this.world.all, balance: ACCOUNT_BALANCE, appState: simAppState() };
    this.a = new SimChain(opts);
    this.b = new SimChain(opts);
    const typeUrls = [...this.a.app.router.msgs.keys()];
    this.src = { chainId: SIM_CHAIN_ID, accounts: new Map(this.world.all.map((x) => [x.address, x])), typeUrls };
    const byKind = Object.fromEntries(MUTANT_KINDS.map((k) => [k, { inputs: 0, rejected: 0, accepted: 0, executed: 0 }])) as TxFuzzStats["byKind"];
    this.stats = { inputs: 0, byKind, byTypeUrl: {}, rejections: {}, unregistered: [], panics: [], stateChanges: [], blocks: 0, invariantFailures: [] };
    this.drive(genesisTxs(this.world));
  }

  /** The type URLs the app registers (the seeds must cover them all). */
  typeUrls(): readonly string[] {
    return this.src.typeUrls;
  }

  seedWorld(): SeedWorld {
    return { owner: this.world.owner.address, users: this.world.users.slice(1).map((u) => u.address), miners: this.world.miners.map((m) => m.address), seats: [...this.seats.values()], proposalIds: this.proposalIds };
  }

  appHash(): string {
    return toHex(this.a.appHash()).toUpperCase();
  }

  /** Driver txs (valid, the same on both chains) keep queries, seats and proposals coming. */
  private drivers(): Uint8Array[] {
    const u = this.world.users[0];
    const pay = M.payForQuery({ sender: u.address, modelId: this.rng.chance(50) ? FLOAT_MODEL : INT_MODEL, inputBytes: 500n, replicas: 2, maxFee: 10n ** 9n });
    return [signTx(u, [pay, M.send(u.address, this.world.users[1].address, 1n)], SIM_CHAIN_ID)];
  }

  private drive(txs: Uint8Array[], rejected: Uint8Array[] = []): { a: StoredBlock; b: StoredBlock } {
    const a = this.a.produce([...rejected, ...txs]);
    const b = this.b.produce(txs);
    this.stats.blocks++;
    this.observe(a);
    for (const acc of this.world.all) acc.sequence = this.a.sequenceOf(acc.address);
    return { a, b };
  }

  private observe(block: StoredBlock): void {
    for (const q of eventsOf(block, "nesa.inference.v1.EventQueryAssigned", EventQueryAssigned)) {
      for (const s of q.seats) this.seats.set(`${q.queryId}/${s.shard}/${s.replica}`, { queryId: q.queryId, shard: s.shard, replica: s.replica, miner: s.miner });
    }
    while (this.seats.size > 64) this.seats.delete(this.seats.keys().next().value as string);
    for (const e of eventsOf(block, "submit_proposal", { fromJSON: (o: unknown) => o as { proposal_id?: string } })) {
      if (e.proposal_id !== undefined) this.proposalIds = [...this.proposalIds.slice(-7), BigInt(e.proposal_id)];
    }
  }

  private note(r: TxResult | { code: number; codespace: string; log: string }, what: string): void {
    const id = `${r.codespace}/${r.code}`;
    this.stats.rejections[id] = (this.stats.rejections[id] ?? 0) + 1;
    // Samples, one per distinct log (the counts are in `rejections`).
    const sample = (list: string[], line: string) => list.length < 20 && !list.some((l) => l.endsWith(r.log)) && list.push(`${line}: ${r.log}`);
    if (id === PANIC) sample(this.stats.panics, what);
    else if (!REGISTERED.has(id)) sample(this.stats.unregistered, `${what} ${id}`);
  }

  /** Generates `n` mutants, checks them, forces the rejected ones into a block and compares the twins. */
  batch(n: number): void {
    const pool = seeds(this.seedWorld(), this.rng);
    const mutants: Mutant[] = [];
    for (let i = 0; i < n; i++) {
      const s = this.rng.pick(pool);
      mutants.push(mutant(this.src, s, this.rng.pick(MUTANT_KINDS), this.rng, this.rng.pick(pool)));
    }
    const rejected: Mutant[] = [];
    const accepted: Mutant[] = [];
    for (const m of mutants) {
      this.stats.inputs++;
      this.stats.byKind[m.kind].inputs++;
      this.stats.byTypeUrl[m.typeUrl] = (this.stats.byTypeUrl[m.typeUrl] ?? 0) + 1;
      const r = this.a.app.checkTxOnly(m.bytes, toHex(txHash(m.bytes)).toUpperCase()).result;
      if (r.code === 0) {
        this.stats.byKind[m.kind].accepted++;
        accepted.push(m);
      } else {
        this.stats.byKind[m.kind].rejected++;
        this.note(r, `CheckTx of a ${m.kind} mutant of ${m.typeUrl}`);
        rejected.push(m);
      }
    }
    const drivers = this.drivers();
    const { a, b } = this.drive([...drivers, ...accepted.map((m) => m.bytes)], rejected.map((m) => m.bytes));
    a.txResults.forEach((r, i) => {
      if (i < rejected.length) {
        const m = rejected[i];
        if (r.code === 0) this.stats.stateChanges.push(`a ${m.kind} mutant of ${m.typeUrl} refused by CheckTx ran in DeliverTx`);
        else this.note(r, `DeliverTx of a ${m.kind} mutant of ${m.typeUrl} refused by CheckTx`);
        return;
      }
      const m = accepted[i - rejected.length - drivers.length];
      if (r.code === 0) {
        if (m) this.stats.byKind[m.kind].executed++;
      } else this.note(r, m ? `DeliverTx of a ${m.kind} mutant of ${m.typeUrl}` : "DeliverTx of a driver tx");
    });
    if (!this.diverged && toHex(a.resultingAppHash) !== toHex(b.resultingAppHash)) {
      this.diverged = true; // the twins differ from here on: report the first batch only
      this.stats.stateChanges.push(`after block ${a.header.height}: app hash with the ${rejected.length} rejected inputs ${toHex(a.resultingAppHash)} != without ${toHex(b.resultingAppHash)}`);
    }
    const broken = this.a.invariants();
    if (broken.length > 0) this.stats.invariantFailures.push(`block ${a.header.height}: ${broken.join("; ")}`);
  }
}
