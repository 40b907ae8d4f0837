// What the simulated actors send each block: users pay and send, miners commit and reveal (honest,
// lying, silent or forgetful), stake, unbond and unjail, and a share of deliberately invalid msgs.
import { EventQueryAssigned, EventRevealPhaseStarted } from "../x/inference/proto";
import { EventMinerJailed } from "../x/stakingext/proto";
import { eventsOf } from "./block-events";
import * as M from "./msgs";
import { commitmentFor, type SeatOutput, seatOutput, sketchFor } from "./protocol-harness";
import type { Rng } from "./rng";
import { SimGov } from "./sim-gov";
import { type Generation, generationFee, generatorSeat, payGeneration, randomGeneration } from "./sim-generation";
import { FLOAT_MODEL, GEN_FIELDS, GEN_MODEL, INT_MODEL, MODEL_PRICE, type SimWorld } from "./sim-world";
import type { StoredBlock } from "../node/types";
import type { AnyMsg, SimAccount } from "./tx-builder";

type Behaviour = "honest" | "liar" | "silent" | "no-reveal";
/**
 * A miner's character: normal (mostly honest, now and then wrong or absent), byzantine (lies on half its
 * seats), lazy (honest but 1–5 blocks late to commit, so it often misses the 4-block window) or offline
 * (gone for 100 blocks out of every 300: silent on every seat, and it does not unjail meanwhile).
 */
export type MinerProfile = "normal" | "byzantine" | "lazy" | "offline";

interface SeatPlan {
  queryId: bigint;
  shard: number;
  replica: number;
  miner: string;
  behaviour: Behaviour;
  out: SeatOutput;
  integer: boolean;
  /** Generator queries' final shard: the output_tokens revealed. */
  outputTokens: number;
  /** The input digest revealed: the upstream seat's output (shard > 0 of a classifier query), else empty. */
  inputDigest: Uint8Array;
}

export interface PlannedTx {
  signer: SimAccount;
  msgs: AnyMsg[];
}

const SKETCH_K = 4;
const SERVED = [FLOAT_MODEL, INT_MODEL, GEN_MODEL];

export class SimAgents {
  private readonly byAddress: Map<string, SimAccount>;
  private readonly registered: SimAccount[] = [];
  private reserve: SimAccount[];
  private readonly seats = new Map<bigint, SeatPlan[]>();
  private readonly queryModel = new Map<bigint, string>();
  private readonly generation = new Map<bigint, Generation>();
  /** Msgs due at a height; `alone` ones may fail (a lazy miner past its window) and go in a tx of their own. */
  private readonly scheduled = new Map<bigint, { signer: string; msg: AnyMsg; alone: boolean }[]>();
  private readonly jailedUntil = new Map<string, bigint>();
  private readonly extraModels: string[] = [];
  readonly gov: SimGov;
  /** Honest seats fed by a lying upstream seat of their pipeline (the verdict should excuse them). */
  byzantineUpstream = 0;
  private readonly profiles = new Map<string, { profile: MinerProfile; phase: bigint }>();
  /** Seats drawn, by what their miner did with them; `late` = commits sent after the block after the draw. */
  readonly seatOutcomes = { honest: 0, liar: 0, silent: 0, noReveal: 0, offline: 0, late: 0 };
  readonly minerProfiles = { normal: 0, byzantine: 0, lazy: 0, offline: 0 };

  constructor(
    private readonly world: SimWorld,
    private readonly rng: Rng,
  ) {
    this.byAddress = new Map(world.all.map((a) => [a.address, a]));
    this.reserve = [...world.reserve];
    this.gov = new SimGov(rng);
  }

  private enlist(m: SimAccount): void {
    this.registered.push(m);
    const r = this.rng.int(100);
    const profile: MinerProfile = r < 70 ? "normal" : r < 80 ? "byzantine" : r < 90 ? "lazy" : "offline";
    this.profiles.set(m.address, { profile, phase: BigInt(this.rng.int(3)) });
    this.minerProfiles[profile]++;
  }

  /** An offline-profile miner is away for blocks [300k + 100·phase, 300k + 100·phase + 100). */
  isOffline(miner: string, height: bigint): boolean {
    const p = this.profiles.get(miner);
    return p?.profile === "offline" && (height / 100n) % 3n === p.phase;
  }

  private seatBehaviour(miner: string, height: bigint): Behaviour | "offline" {
    const profile = this.profiles.get(miner)?.profile ?? "normal";
    if (this.isOffline(miner, height)) return "offline";
    const r = this.rng.int(100);
    if (profile === "byzantine") return r < 50 ? "liar" : "honest";
    if (profile === "lazy" || profile === "offline") return "honest";
    return r < 84 ? "honest" : r < 90 ? "liar" : r < 95 ? "silent" : "no-reveal";
  }

  private at(height: bigint, signer: string, msg: AnyMsg, alone = false): void {
    const list = this.scheduled.get(height) ?? [];
    list.push({ signer, msg, alone });
    this.scheduled.set(height, list);
  }

  /** The txs of block `height`: valid msgs batched per signer, invalid ones alone. */
  plan(height: bigint): PlannedTx[] {
    const valid = new Map<string, AnyMsg[]>();
    const invalid: PlannedTx[] = [];
    const add = (signer: string, msg: AnyMsg) => valid.set(signer, [...(valid.get(signer) ?? []), msg]);
    const bad = (signer: string, msg: AnyMsg) => invalid.push({ signer: this.byAddress.get(signer)!, msgs: [msg] });
    const { owner, users } = this.world;
    if (height === 1n) {
      add(owner.address, M.registerModel(owner.address, FLOAT_MODEL, 2, MODEL_PRICE));
      add(owner.address, M.registerModel(owner.address, INT_MODEL, 1, MODEL_PRICE, true));
      add(owner.address, M.registerModel(owner.address, GEN_MODEL, 2, MODEL_PRICE, false, GEN_FIELDS));
      for (const m of this.world.miners) {
        add(m.address, M.registerMiner(m.address, this.world.encryptionKeyOf.get(m.address)!, SERVED, 1_500_000n + this.rng.bigint(3_500_000n)));
        this.enlist(m);
      }
    }
    // A late msg that fails must not take the signer's other msgs of the block (votes, proposals) with it.
    for (const { signer, msg, alone } of this.scheduled.get(height) ?? []) (alone ? bad : add)(signer, msg);
    this.scheduled.delete(height);
    if (height > 1n) {
      for (let i = this.rng.int(4); i > 0; i--) {
        const user = this.rng.pick(users);
        if (this.rng.chance(25)) {
          this.payGenerator(user.address, add, bad);
          continue;
        }
        const model = this.rng.chance(70) ? FLOAT_MODEL : INT_MODEL;
        const replicas = 1 + this.rng.int(3);
        const inputBytes = 100n + this.rng.bigint(5_000n);
        const fee = 1_000n + inputBytes + MODEL_PRICE * BigInt((model === FLOAT_MODEL ? 2 : 1) * replicas);
        const r = this.rng.int(100);
        if (r < 4) bad(user.address, M.payForQuery({ sender: user.address, modelId: model, inputBytes, replicas, maxFee: fee - 1n }));
        else if (r < 7) bad(user.address, M.payForQuery({ sender: user.address, modelId: model, inputBytes: 2_000_000n, replicas, maxFee: fee * 1000n }));
        else if (r < 9) bad(user.address, M.payForQuery({ sender: user.address, modelId: "no-such-model", inputBytes, replicas, maxFee: fee }));
        else add(user.address, M.payForQuery({ sender: user.address, modelId: model, inputBytes, replicas, maxFee: fee + this.rng.bigint(1000n) }));
      }
      if (this.rng.chance(30)) {
        const from = this.rng.pick(users).address;
        add(from, M.send(from, this.rng.pick(users).address, 1n + this.rng.bigint(10_000n)));
      }
      this.stakeActions(height, add, bad);
      this.modelChurn(height, add, bad);
      this.protocolMischief(bad);
      this.gov.plan([...users.map((u) => u.address), ...this.registered.map((m) => m.address)], add, bad);
    }
    const out: PlannedTx[] = [...valid].map(([signer, msgs]) => ({ signer: this.byAddress.get(signer)!, msgs }));
    return [...out, ...invalid];
  }

  /** A generator query; ~10 % invalid (over the context length, fee above max_fee). */
  private payGenerator(user: string, add: (s: string, m: AnyMsg) => void, bad: (s: string, m: AnyMsg) => void): void {
    const replicas = 1 + this.rng.int(3);
    const inputBytes = 100n + this.rng.bigint(2_000n);
    const r = this.rng.int(100);
    const g = randomGeneration(this.rng, r < 5);
    const fee = generationFee(inputBytes, replicas, g);
    if (r < 5) bad(user, payGeneration(user, inputBytes, replicas, g, fee * 10n));
    else if (r < 10) bad(user, payGeneration(user, inputBytes, replicas, g, fee - 1n));
    else add(user, payGeneration(user, inputBytes, replicas, g, fee + this.rng.bigint(1000n)));
  }

  private stakeActions(height: bigint, add: (s: string, m: AnyMsg) => void, bad: (s: string, m: AnyMsg) => void): void {
    const miner = this.rng.pick(this.registered).address;
    if (this.rng.chance(10)) add(miner, M.addStake(miner, 100_000n + this.rng.bigint(400_000n)));
    if (this.rng.chance(6)) (this.rng.chance(30) ? bad : add)(miner, M.unbond(miner, this.rng.chance(30) ? 1_000_000_000_000n : 50_000n + this.rng.bigint(200_000n)));
    if (this.rng.chance(4)) add(miner, M.updateMiner(miner, 1 + this.rng.int(8)));
    if (this.rng.chance(2)) bad(miner, M.unjail(miner)); // usually not jailed: a registered error
    for (const [op, until] of this.jailedUntil) {
      if (height >= until && !this.isOffline(op, height)) {
        add(op, M.unjail(op));
        this.jailedUntil.delete(op);
      }
    }
    if (this.reserve.length > 0 && this.rng.chance(3)) {
      const m = this.reserve.shift()!;
      add(m.address, M.registerMiner(m.address, this.world.encryptionKeyOf.get(m.address)!, SERVED, 2_000_000n));
      this.enlist(m);
    }
  }

  /**
   * Now and then the owner registers a new model nobody serves (its queries fail for lack of miners
   * at their timeout) and later deprecates it; a stranger's deprecation fails.
   */
  private modelChurn(height: bigint, add: (s: string, m: AnyMsg) => void, bad: (s: string, m: AnyMsg) => void): void {
    const owner = this.world.owner.address;
    if (this.rng.chance(1)) add(owner, M.registerModel(owner, `sim-extra-${height}`, 1 + this.rng.int(3), MODEL_PRICE));
    if (this.extraModels.length > 0 && this.rng.chance(1)) add(owner, M.deprecateModel(owner, this.extraModels.shift()!));
    if (this.extraModels.length > 0 && this.rng.chance(1)) bad(this.world.users[0].address, M.deprecateModel(this.world.users[0].address, this.extraModels[0]));
    if (this.extraModels.length > 0 && this.rng.chance(2)) {
      const user = this.rng.pick(this.world.users).address;
      add(user, M.payForQuery({ sender: user, modelId: this.extraModels[0], inputBytes: 100n, replicas: 1, maxFee: 1_000_000n }));
    }
  }

  /** Non-seat commits, double commits and reveals that do not open: all must fail without effect. */
  private protocolMischief(bad: (s: string, m: AnyMsg) => void): void {
    if (!this.rng.chance(8) || this.seats.size === 0) return;
    const plans = [...this.seats.values()][this.rng.int(this.seats.size)];
    const seat = this.rng.pick(plans);
    const outsider = this.rng.pick(this.registered).address;
    const kind = this.rng.int(4);
    if (kind === 0 && outsider !== seat.miner) bad(outsider, M.commitResult(outsider, seat.queryId, seat.shard, seat.replica, new Uint8Array(32).fill(9)));
    else if (kind === 1) bad(seat.miner, M.commitResult(seat.miner, seat.queryId, seat.shard, seat.replica, new Uint8Array(32).fill(8)));
    else if (kind === 2) {
      // output_tokens where none may be, or more than max_new_tokens (inference/22; or not revealing yet)
      const max = this.generation.get(seat.queryId)?.maxNewTokens ?? 0;
      bad(seat.miner, M.revealResult({ miner: seat.miner, queryId: seat.queryId, shard: seat.shard, replica: seat.replica, outputDigest: seat.out.outputDigest, salt: seat.out.salt, sketch: [4n, 1n, 0n, 0n, 0n, 0n], outputIsInteger: seat.integer, outputTokens: max + 1 }));
    }
    else bad(seat.miner, M.revealResult({ miner: seat.miner, queryId: seat.queryId, shard: seat.shard, replica: seat.replica, outputDigest: new Uint8Array(32).fill(5), salt: new Uint8Array(16).fill(5), sketch: [4n, 1n, 0n, 0n, 0n, 0n] }));
  }

  /**
   * Pipeline inputs (classifier queries): each seat at shard s > 0 declares the output of (s − 1, replica). An
   * honest seat fed by a lying or excused upstream computes on that wrong input, so its own output is wrong (a
   * byzantine upstream seat): the verdict should slash the liar and excuse it.
   */
  private chainInputs(plans: SeatPlan[], integer: boolean): void {
    const at = new Map(plans.map((p) => [`${p.shard}/${p.replica}`, p]));
    const fedWrong = new Set<string>();
    for (const p of plans) {
      if (p.shard === 0) continue;
      const up = at.get(`${p.shard - 1}/${p.replica}`);
      if (!up) continue;
      p.inputDigest = up.out.outputDigest;
      const upWrong = up.behaviour === "liar" || fedWrong.has(`${up.shard}/${up.replica}`);
      if (upWrong && p.behaviour === "honest") {
        p.out = seatOutput(p.queryId, p.shard, p.replica, false, integer);
        fedWrong.add(`${p.shard}/${p.replica}`);
        this.byzantineUpstream++;
      }
    }
  }

  /** Learns assignments, reveal phases and jailings from the block's events. */
  observe(block: StoredBlock): void {
    this.gov.observe(block);
    const next = block.header.height + 1n;
    for (const e of eventsOf(block, "nesa.payforquery.v1.EventQueryPaid", { fromJSON: (o: any) => o })) {
      this.queryModel.set(BigInt(e.query_id), String(e.model_id));
      if (e.max_new_tokens !== undefined) {
        const stop = e.stop_token_id === undefined ? undefined : Number(e.stop_token_id);
        this.generation.set(BigInt(e.query_id), { inputTokens: Number(e.input_tokens), maxNewTokens: Number(e.max_new_tokens), stopTokenId: stop });
      }
    }
    for (const a of eventsOf(block, "nesa.inference.v1.EventQueryAssigned", EventQueryAssigned)) {
      const integer = this.queryModel.get(a.queryId) === INT_MODEL;
      const gen = this.generation.get(a.queryId);
      const plans: SeatPlan[] = a.seats.map((s) => {
        const drawn = this.seatBehaviour(s.miner, next);
        const behaviour: Behaviour = drawn === "offline" ? "silent" : drawn;
        this.seatOutcomes[drawn === "no-reveal" ? "noReveal" : drawn]++;
        const seat = { queryId: a.queryId, shard: s.shard, replica: s.replica, miner: s.miner, behaviour };
        if (gen) {
          const g = generatorSeat(this.rng, a.queryId, s.shard, s.replica, behaviour !== "liar", gen);
          return { ...seat, out: g.out, integer: g.integer, outputTokens: g.claim, inputDigest: new Uint8Array() };
        }
        return { ...seat, out: seatOutput(a.queryId, s.shard, s.replica, behaviour !== "liar", integer), integer, outputTokens: 0, inputDigest: new Uint8Array() };
      });
      if (!gen) this.chainInputs(plans, integer);
      this.seats.set(a.queryId, plans);
      for (const p of plans) {
        if (p.behaviour === "silent") continue;
        const lazy = this.profiles.get(p.miner)?.profile === "lazy";
        const delay = lazy ? 1n + BigInt(this.rng.int(5)) : this.rng.chance(85) ? 0n : 1n + BigInt(this.rng.int(2));
        if (delay > 0n) this.seatOutcomes.late++;
        this.at(next + delay, p.miner, M.commitResult(p.miner, p.queryId, p.shard, p.replica, commitmentFor(p.queryId, p.shard, p.replica, p.miner, p.out)), lazy);
      }
    }
    for (const r of eventsOf(block, "nesa.inference.v1.EventRevealPhaseStarted", EventRevealPhaseStarted)) {
      for (const p of this.seats.get(r.queryId) ?? []) {
        if (p.behaviour !== "honest" && p.behaviour !== "liar") continue;
        if (this.isOffline(p.miner, next)) continue; // gone between its commit and the reveal phase
        const lazy = this.profiles.get(p.miner)?.profile === "lazy";
        const delay = lazy ? BigInt(this.rng.int(4)) : this.rng.chance(85) ? 0n : 1n;
        const sketch = sketchFor(p.out, r.sketchSeed, SKETCH_K);
        this.at(next + delay, p.miner, M.revealResult({ miner: p.miner, queryId: p.queryId, shard: p.shard, replica: p.replica, outputDigest: p.out.outputDigest, salt: p.out.salt, sketch, outputIsInteger: p.integer, outputTokens: p.outputTokens, inputDigest: p.inputDigest }), lazy);
      }
    }
    for (const e of [...eventsOf(block, "nesa.inference.v1.EventQueryFinalized", { fromJSON: (o: any) => o }), ...eventsOf(block, "nesa.inference.v1.EventQueryFailed", { fromJSON: (o: any) => o })]) {
      this.seats.delete(BigInt(e.query_id));
      this.queryModel.delete(BigInt(e.query_id));
      this.generation.delete(BigInt(e.query_id));
    }
    for (const j of eventsOf(block, "nesa.stakingext.v1.EventMinerJailed", EventMinerJailed)) this.jailedUntil.set(j.operator, j.jailedUntil);
    for (const m of eventsOf(block, "nesa.inference.v1.EventModelRegistered", { fromJSON: (o: any) => o })) {
      if (String(m.model_id).startsWith("sim-extra-")) this.extraModels.push(String(m.model_id));
    }
  }
}
