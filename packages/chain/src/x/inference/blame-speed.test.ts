// Fair blame (an honest seat downstream of an outvoted liar is excused), speed-weighted pay and reputation at
// the verdict, on the in-memory harness: S = 2, R = 3, six miners.
import { committeeWeight } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { address, commitmentFor, encryptionKey, protocolHarness, seatOutput, sketchFor } from "../../sim/protocol-harness";
import { computeFee, computeSettlement, speedPay } from "../payforquery/fees";
import { defaultParams as payParams } from "../payforquery/params";
import { defaultParams as stakingParams } from "../stakingext/params";
import { ErrInvalidReveal } from "./errors";
import { QueryStatus, SeatOutcome } from "./proto";

const T = "/nesa.inference.v1.";
const OWNER = address(100);
const USER = address(101);
const MINERS = Array.from({ length: 6 }, (_, i) => address(i));
const PRICE = 10_000n;
const STAKE = 2_000_000n;
const shard = (index: number) => ({ index, sha256: new Uint8Array(32).fill(index + 1), sizeBytes: 1000n, inputs: [{ name: "x", type: "float32", shape: [1, -1] }], outputs: [{ name: "y", type: "float32", shape: [1, 8] }] });

function setup() {
  const h = protocolHarness();
  for (const a of [OWNER, USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  expect(h.block((run) => {
    run(`${T}MsgRegisterModel`, { owner: OWNER, modelId: "m", name: "M", version: "1", shards: [shard(0), shard(1)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1 });
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m"], capacity: undefined, stake: { denom: "unes", amount: String(STAKE) } });
    });
  })).toEqual([]);
  return h;
}
type H = ReturnType<typeof setup>;

function pay(h: H): bigint {
  const before = h.pay.peekNextQueryId(h.env.ctx());
  expect(h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", { sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 1000n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n }))).toEqual([]);
  return before;
}

interface Plan {
  /** Wrong output (a liar, or an honest seat fed a liar's output). */
  wrong?: (s: number, r: number) => boolean;
  /** The input digest the seat declares; default: its upstream's output digest (shard > 0). */
  input?: (s: number, r: number, upstream: Uint8Array | undefined) => Uint8Array;
  /** Blocks after the first possible one at which the seat commits (0 = prompt). */
  late?: (s: number, r: number) => number;
}

function play(h: H, id: bigint, plan: Plan) {
  const q = h.inference.query(h.env.ctx(), id)!;
  const k = h.inference.params(h.env.ctx()).sketchK;
  const outs = q.seats.map((s) => ({ s, out: seatOutput(q.id, s.shard, s.replica, !(plan.wrong?.(s.shard, s.replica) ?? false)), late: plan.late?.(s.shard, s.replica) ?? 0 }));
  const maxLate = outs.reduce((m, o) => (o.late > m ? o.late : m), 0);
  for (let b = 0; b <= maxLate; b++) {
    expect(h.block((run) => {
      for (const { s, out, late } of outs) if (late === b) run(`${T}MsgCommitResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, commitment: commitmentFor(q.id, s.shard, s.replica, s.miner, out) });
    })).toEqual([]);
  }
  const seed = h.inference.beacon(h.env.ctx(), h.inference.query(h.env.ctx(), q.id)!.sketchSeedHeight)!.output;
  const outputOf = (s: number, r: number) => outs.find((o) => o.s.shard === s && o.s.replica === r)?.out.outputDigest;
  expect(h.block((run) => {
    for (const { s, out } of outs) {
      const upstream = s.shard > 0 ? outputOf(s.shard - 1, s.replica) : undefined;
      const inputDigest = plan.input ? plan.input(s.shard, s.replica, upstream) : (upstream ?? new Uint8Array());
      run(`${T}MsgRevealResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, k), outputIsInteger: false, resultRef: new Uint8Array(), inputDigest });
    }
  })).toEqual([]);
  return h.inference.query(h.env.ctx(), q.id)!;
}

const outcome = (q: ReturnType<H["inference"]["query"]>, s: number, r: number) => q!.verdict!.seats.find((x) => x.shard === s && x.replica === r)!;
const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 1000n, price: PRICE, shards: 2, replicas: 3 });

describe("fair blame in a replica pipeline", () => {
  it("slashes a lying shard-0 seat and excuses the honest shard-1 seat that consumed its output", () => {
    const h = setup();
    const id = pay(h);
    const q0 = h.inference.query(h.env.ctx(), id)!;
    const liar = q0.seats.find((s) => s.shard === 0 && s.replica === 1)!.miner;
    const victim = q0.seats.find((s) => s.shard === 1 && s.replica === 1)!.miner;
    const before = new Map([...h.env.bank.balances]);
    // The liar's output is wrong; the honest seat after it computes on that wrong input, so its output is wrong too.
    const q = play(h, id, { wrong: (_s, r) => r === 1 });
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    expect(outcome(q, 0, 1).outcome).toBe(SeatOutcome.SEAT_OUTCOME_DISAGREED);
    expect(outcome(q, 1, 1).outcome).toBe(SeatOutcome.SEAT_OUTCOME_EXCUSED);
    const st = h.staking;
    const p = stakingParams();
    expect(st.getMiner(h.env.ctx(), liar)!.bonded!.amount).toBe(String(STAKE - (STAKE * BigInt(p.slashFractionWrong)) / 1_000_000n));
    expect(st.getMiner(h.env.ctx(), liar)!.reputation).toBe(800_000n);
    expect(st.getMiner(h.env.ctx(), victim)!.bonded!.amount).toBe(String(STAKE));
    expect(st.getMiner(h.env.ctx(), victim)!.reputation).toBe(1_000_000n);
    expect(st.getMiner(h.env.ctx(), victim)!.jailed).toBe(false);
    // Excused = unpaid; its seat value and the liar's go back to the payer.
    const s = computeSettlement(fee, 6, 4, payParams().ownerShare);
    expect(h.env.bank.balances.get(victim)).toBe(before.get(victim));
    expect(h.env.bank.balances.get(USER)! - before.get(USER)!).toBe(s.refund);
    expect(s.refund).toBe(2n * PRICE);
    for (const seat of q.seats.filter((x) => x.replica !== 1)) {
      expect(h.env.bank.balances.get(seat.miner)! - before.get(seat.miner)!).toBe(s.perSeat);
      expect(st.getMiner(h.env.ctx(), seat.miner)!.reputation).toBe(1_010_000n);
    }
    expect(h.invariantFailures()).toEqual([]);
  });

  it("gives no excuse to a seat whose declared input is not its outvoted upstream's output", () => {
    const h = setup();
    const id = pay(h);
    const victim = h.inference.query(h.env.ctx(), id)!.seats.find((s) => s.shard === 1 && s.replica === 1)!.miner;
    // It declares the honest replicas' input (or nothing): the chain cannot tie its wrong output to the liar.
    const honestInput = seatOutput(id, 0, 0, true).outputDigest;
    const q = play(h, id, { wrong: (_s, r) => r === 1, input: (s, r, up) => (s === 1 && r === 1 ? honestInput : (up ?? new Uint8Array())) });
    expect(outcome(q, 1, 1).outcome).toBe(SeatOutcome.SEAT_OUTCOME_DISAGREED);
    expect(h.staking.getMiner(h.env.ctx(), victim)!.jailed).toBe(true);
    expect(h.staking.getMiner(h.env.ctx(), victim)!.reputation).toBe(800_000n);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("refuses an input_digest that is neither empty nor 32 bytes, changing nothing", () => {
    const h = setup();
    const id = pay(h);
    const q = h.inference.query(h.env.ctx(), id)!;
    const [seat] = q.seats;
    expect(() => h.run(`${T}MsgRevealResult`, { miner: seat.miner, queryId: id, shard: seat.shard, replica: seat.replica, outputDigest: new Uint8Array(32), salt: new Uint8Array(16), sketch: [], inputDigest: new Uint8Array(31) })).toThrow(expect.objectContaining({ code: ErrInvalidReveal.code }));
  });
});

describe("speed-weighted pay", () => {
  it("pays a seat that committed two blocks late exactly the formula's share less; the rest joins the community pool", () => {
    const h = setup();
    const id = pay(h);
    const q0 = h.inference.query(h.env.ctx(), id)!;
    const slow = q0.seats.find((s) => s.shard === 1 && s.replica === 2)!.miner;
    const before = new Map([...h.env.bank.balances]);
    const pool0 = h.env.bank.balances.get("module:distribution") ?? 0n;
    const q = play(h, id, { late: (s, r) => (s === 1 && r === 2 ? 2 : 0) });
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    const s = computeSettlement(fee, 6, 6, payParams().ownerShare);
    const window = q.commitDeadline - q.assignedHeight;
    expect(window).toBe(10n);
    const slowPay = speedPay(s.perSeat, payParams().speedShare, window, 3n);
    // speed = 20 % of per_seat; delay 3 of a 10-block window keeps 8/10 of it.
    const speed = (s.perSeat * 200_000n) / 1_000_000n;
    expect(slowPay).toBe(s.perSeat - speed + (speed * 8n) / 10n);
    expect(h.env.bank.balances.get(slow)! - before.get(slow)!).toBe(slowPay);
    for (const m of q.seats.filter((x) => x.miner !== slow)) expect(h.env.bank.balances.get(m.miner)! - before.get(m.miner)!).toBe(s.perSeat);
    expect(slowPay).toBeLessThan(s.perSeat);
    expect((h.env.bank.balances.get("module:distribution") ?? 0n) - pool0).toBe(s.communityPool + (s.perSeat - slowPay));
    const escrow = h.pay.getEscrow(h.env.ctx(), id)!;
    expect([escrow.commitWindow, escrow.speedShare]).toEqual([10n, 200_000]);
    expect(escrow.commitDelays).toContain(3n);
    expect(h.invariantFailures()).toEqual([]);
  });
});

describe("reputation and the committee draw", () => {
  it("a missed seat lowers the miner's reputation and its weight in the next query's candidate snapshot", () => {
    const h = setup();
    const id = pay(h);
    const q0 = h.inference.query(h.env.ctx(), id)!;
    const missing = q0.seats.find((s) => s.shard === 0 && s.replica === 0)!.miner;
    // That seat never commits: MISSED_COMMIT at the commit deadline, the other five finalize the query.
    const k = h.inference.params(h.env.ctx()).sketchK;
    const outs = q0.seats.map((s) => ({ s, out: seatOutput(id, s.shard, s.replica, true) }));
    h.block((run) => {
      for (const { s, out } of outs) if (s.miner !== missing) run(`${T}MsgCommitResult`, { miner: s.miner, queryId: id, shard: s.shard, replica: s.replica, commitment: commitmentFor(id, s.shard, s.replica, s.miner, out) });
    });
    for (let i = 0; i < 12 && h.inference.query(h.env.ctx(), id)!.status !== QueryStatus.QUERY_STATUS_REVEALING; i++) h.block();
    const seed = h.inference.beacon(h.env.ctx(), h.inference.query(h.env.ctx(), id)!.sketchSeedHeight)!.output;
    h.block((run) => {
      for (const { s, out } of outs) if (s.miner !== missing) run(`${T}MsgRevealResult`, { miner: s.miner, queryId: id, shard: s.shard, replica: s.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, k), outputIsInteger: false, resultRef: new Uint8Array() });
    });
    expect(h.inference.query(h.env.ctx(), id)!.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    expect(h.staking.getMiner(h.env.ctx(), missing)!.reputation).toBe(800_000n);
    const id2 = pay(h);
    const c = h.inference.fullQuery(h.env.ctx(), id2)!.candidates.find((x) => x.miner === missing)!;
    expect(c.reputation).toBe(800_000n);
    expect(c.stake!.amount).toBe(String(STAKE - (STAKE * 10_000n) / 1_000_000n));
    const others = h.inference.fullQuery(h.env.ctx(), id2)!.candidates.filter((x) => x.miner !== missing);
    expect(others.every((x) => x.reputation === 1_010_000n)).toBe(true);
    expect(committeeWeight(BigInt(c.stake!.amount), c.reputation)).toBeLessThan(committeeWeight(STAKE, 1_010_000n));
    expect(h.invariantFailures()).toEqual([]);
  });
});
