import { describe, expect, it } from "vitest";
import { address, commitmentFor, encryptionKey, protocolHarness, seatOutput, sketchFor } from "../../sim/protocol-harness";
import { computeFee, computeSettlement } from "../payforquery/fees";
import { defaultParams as payParams } from "../payforquery/params";
import { defaultParams as stakingParams } from "../stakingext/params";
import { ErrAlreadyCommitted, ErrCommitClosed, ErrCommitmentMismatch, ErrNotRevealing, ErrNotSeatHolder } from "./errors";
import { verifyBeacon } from "./beacon";
import { FailureReason, QueryStatus, SeatOutcome } from "./proto";

const T = "/nesa.inference.v1.";
const OWNER = address(100);
const USER = address(101);
const MINERS = Array.from({ length: 6 }, (_, i) => address(i));
const PRICE = 10_000n;
const STAKE = 2_000_000n;

const shard = (index: number) => ({
  index,
  sha256: new Uint8Array(32).fill(index + 1),
  sizeBytes: 1000n,
  inputs: [{ name: "x", type: "float32", shape: [1, -1] }],
  outputs: [{ name: "y", type: "float32", shape: [1, 8] }],
});

function setup() {
  const h = protocolHarness();
  for (const a of [OWNER, USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  const errors = h.block((run) => {
    run(`${T}MsgRegisterModel`, { owner: OWNER, modelId: "m", name: "M", version: "1", shards: [shard(0), shard(1)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1 });
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m"], capacity: undefined, stake: { denom: "unes", amount: String(STAKE) } });
    });
  });
  expect(errors).toEqual([]);
  return h;
}

function pay(h: ReturnType<typeof setup>, maxFee = 10_000_000n) {
  let id = 0n;
  const errors = h.block((run) => {
    const res = run("/nesa.payforquery.v1.MsgPayForQuery", { sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 1000n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: String(maxFee) }, timeoutBlocks: 0n }) as { value: Uint8Array } | undefined;
    id = res ? 1n : 0n;
  });
  expect(errors).toEqual([]);
  // assigned in the EndBlock of the pay block itself
  const q = h.inference.query(h.env.ctx(), id)!;
  expect(q.status).toBe(QueryStatus.QUERY_STATUS_ASSIGNED);
  expect(q.assignedHeight).toBe(h.env.height());
  return q;
}

type Behaviour = "honest" | "liar" | "silent" | "no-reveal";

function play(h: ReturnType<typeof setup>, behave: (shard: number, replica: number) => Behaviour) {
  const q = h.inference.query(h.env.ctx(), 1n)!;
  const k = h.inference.params(h.env.ctx()).sketchK;
  const outs = q.seats.map((s) => ({ s, b: behave(s.shard, s.replica), out: seatOutput(q.id, s.shard, s.replica, behave(s.shard, s.replica) !== "liar") }));
  expect(h.block((run) => {
    for (const { s, b, out } of outs) if (b !== "silent") run(`${T}MsgCommitResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, commitment: commitmentFor(q.id, s.shard, s.replica, s.miner, out) });
  })).toEqual([]);
  const seedHeight = h.inference.query(h.env.ctx(), q.id)!.sketchSeedHeight;
  const seed = seedHeight > 0n ? h.inference.beacon(h.env.ctx(), seedHeight)!.output : new Uint8Array(32);
  expect(h.block((run) => {
    for (const { s, b, out } of outs) if (b === "honest" || b === "liar") run(`${T}MsgRevealResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, k), outputIsInteger: false, resultRef: new Uint8Array() });
  })).toEqual([]);
  // Wait out the deadlines when some seats stay silent.
  for (let i = 0; i < 25 && !h.inference.query(h.env.ctx(), q.id)!.verdict; i++) h.block();
  return h.inference.query(h.env.ctx(), q.id)!;
}

describe("x/inference lifecycle", () => {
  it("finalizes an honest query and pays every unes as the README says", () => {
    const h = setup();
    const before = new Map([...h.env.bank.balances]);
    const q0 = pay(h);
    expect(new Set(q0.seats.map((s) => s.miner)).size).toBe(6);
    const q = play(h, () => "honest");
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    expect(q.verdict?.seats.every((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_AGREED)).toBe(true);
    const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 1000n, price: PRICE, shards: 2, replicas: 3 });
    const s = computeSettlement(fee, 6, 6, payParams().ownerShare);
    for (const m of MINERS) expect(h.env.bank.balances.get(m)! - before.get(m)!).toBe(s.perSeat);
    expect(h.env.bank.balances.get(OWNER)! - before.get(OWNER)!).toBe(s.owner);
    expect(before.get(USER)! - h.env.bank.balances.get(USER)!).toBe(fee.total);
    expect(h.env.bank.balances.get("module:distribution")).toBe(s.communityPool);
    expect(h.env.bank.balances.get("module:payforquery")).toBe(0n);
    expect(h.invariantFailures()).toEqual([]);
    // the beacon that seeded the committee verifies from public data
    expect(verifyBeacon("nesa-test-1", h.inference.beacon(h.env.ctx(), q.assignedHeight)!)).toBe(true);
  });

  it("takes three blocks with prompt miners: assigned at p, revealing at p+1 seeded by beacon(p+1), final at p+2", () => {
    const h = setup();
    expect(h.block((run) => {
      run(`${T}MsgRegisterModel`, { owner: OWNER, modelId: "one", name: "One", version: "1", shards: [shard(0)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1 });
      for (const m of MINERS) run("/nesa.stakingext.v1.MsgUpdateMiner", { operator: m, encryptionPubkey: new Uint8Array(), models: ["m", "one"], capacity: undefined });
    })).toEqual([]);
    expect(h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", { sender: USER, modelId: "one", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 10n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n }))).toEqual([]);
    const p = h.env.height();
    const q = h.inference.query(h.env.ctx(), 1n)!;
    expect([q.status, q.assignedHeight]).toEqual([QueryStatus.QUERY_STATUS_ASSIGNED, p]);
    const [seat] = q.seats;
    const out = seatOutput(q.id, 0, 0, true);
    const events = h.env.events.length;
    expect(h.block((run) => run(`${T}MsgCommitResult`, { miner: seat.miner, queryId: q.id, shard: 0, replica: 0, commitment: commitmentFor(q.id, 0, 0, seat.miner, out) }))).toEqual([]);
    const revealing = h.inference.query(h.env.ctx(), q.id)!;
    expect([revealing.status, revealing.sketchSeedHeight, revealing.revealDeadline]).toEqual([QueryStatus.QUERY_STATUS_REVEALING, p + 1n, p + 1n + h.inference.params(h.env.ctx()).revealBlocks]);
    const seed = h.inference.beacon(h.env.ctx(), p + 1n)!.output;
    const started = h.env.events.slice(events).find((e) => e.type === "nesa.inference.v1.EventRevealPhaseStarted")!;
    expect(started).toBeDefined();
    const attr = (k: string) => JSON.parse(started.attributes.find((a) => a.key === k)!.value);
    expect([attr("sketch_seed_height"), attr("sketch_seed")]).toEqual([String(p + 1n), Buffer.from(seed).toString("base64")]);
    expect(h.block((run) => run(`${T}MsgRevealResult`, { miner: seat.miner, queryId: q.id, shard: 0, replica: 0, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, 4), outputIsInteger: false, resultRef: new Uint8Array() }))).toEqual([]);
    const final = h.inference.query(h.env.ctx(), q.id)!;
    expect(final.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    expect(h.env.height()).toBe(p + 2n);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("slashes and jails a liar while the majority stands", () => {
    const h = setup();
    pay(h);
    const q = play(h, (s, r) => (s === 1 && r === 2 ? "liar" : "honest"));
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    const liar = q.seats.find((s) => s.shard === 1 && s.replica === 2)!.miner;
    expect(q.verdict?.seats.find((s) => s.miner === liar)?.outcome).toBe(SeatOutcome.SEAT_OUTCOME_DISAGREED);
    const m = h.staking.getMiner(h.env.ctx(), liar)!;
    expect(m.jailed).toBe(true);
    expect(BigInt(m.bonded!.amount)).toBe(STAKE - (STAKE * BigInt(stakingParams().slashFractionWrong)) / 1_000_000n);
    const e = h.pay.getEscrow(h.env.ctx(), q.id)!;
    expect(e.minerPayouts).toHaveLength(5);
    expect(BigInt(e.refunded!.amount)).toBe(PRICE);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("slashes a missed reveal and fails without majority, refunding the payer", () => {
    const h = setup();
    pay(h);
    const balance = h.env.bank.balances.get(USER)!;
    const q = play(h, (s, r) => (s === 0 && r > 0 ? "no-reveal" : "honest"));
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FAILED);
    expect(q.verdict?.reason).toBe(FailureReason.FAILURE_REASON_NO_MAJORITY);
    const missed = q.verdict!.seats.filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_MISSED_REVEAL);
    expect(missed).toHaveLength(2);
    for (const s of missed) expect(BigInt(h.staking.getMiner(h.env.ctx(), s.miner)!.bonded!.amount)).toBe(STAKE - STAKE / 100n);
    const fee = BigInt(h.pay.getEscrow(h.env.ctx(), q.id)!.refunded!.amount);
    expect(h.env.bank.balances.get(USER)).toBe(balance + fee);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("rejects non-seat, double, late commits and non-opening reveals without changing state", () => {
    const h = setup();
    const q = pay(h);
    const seat = q.seats[0];
    const outsider = MINERS.find((m) => m !== seat.miner)!;
    const out = seatOutput(q.id, seat.shard, seat.replica, true);
    const commit = { miner: seat.miner, queryId: q.id, shard: seat.shard, replica: seat.replica, commitment: commitmentFor(q.id, seat.shard, seat.replica, seat.miner, out) };
    const errors = h.block((run) => {
      run(`${T}MsgCommitResult`, { ...commit, miner: outsider });
      run(`${T}MsgCommitResult`, commit);
      run(`${T}MsgCommitResult`, commit);
      run(`${T}MsgRevealResult`, { miner: seat.miner, queryId: q.id, shard: seat.shard, replica: seat.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, new Uint8Array(32), 4), outputIsInteger: false, resultRef: new Uint8Array() });
    });
    expect(errors.map((e: any) => [e.codespace, e.code])).toEqual([
      ["inference", ErrNotSeatHolder.code],
      ["inference", ErrAlreadyCommitted.code],
      ["inference", ErrNotRevealing.code],
    ]);
    expect(h.inference.fullQuery(h.env.ctx(), q.id)!.commits).toHaveLength(1);
    for (let i = 0; i < 10; i++) h.block();
    const late = q.seats[1];
    const lateErr = h.block((run) => run(`${T}MsgCommitResult`, { miner: late.miner, queryId: q.id, shard: late.shard, replica: late.replica, commitment: new Uint8Array(32) }));
    expect(ErrCommitClosed.is(lateErr[0])).toBe(true);
    // one commit of six: shard positions lack a majority, so the commit close failed the query
    const q2 = h.inference.query(h.env.ctx(), q.id)!;
    expect(q2.status).toBe(QueryStatus.QUERY_STATUS_FAILED);
    expect(q2.verdict?.seats.filter((s) => s.outcome === SeatOutcome.SEAT_OUTCOME_MISSED_COMMIT)).toHaveLength(5);
  });

  it("rejects a reveal whose digest does not open the commitment", () => {
    const h = setup();
    const q = pay(h);
    const outs = q.seats.map((s) => seatOutput(q.id, s.shard, s.replica, true));
    h.block((run) => {
      q.seats.forEach((s, i) => {
        run(`${T}MsgCommitResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, commitment: commitmentFor(q.id, s.shard, s.replica, s.miner, outs[i]) });
      });
    });
    const s = q.seats[0];
    const errs = h.block((run) => run(`${T}MsgRevealResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, outputDigest: new Uint8Array(32).fill(7), salt: outs[0].salt, sketch: sketchFor(outs[0], new Uint8Array(32), 4), outputIsInteger: false, resultRef: new Uint8Array() }));
    expect(ErrCommitmentMismatch.is(errs[0])).toBe(true);
    expect(h.inference.fullQuery(h.env.ctx(), q.id)!.reveals).toHaveLength(0);
  });

  it("fails with NOT_ENOUGH_MINERS at the timeout when seats cannot be filled, refunding everything", () => {
    const h = setup();
    const jailed = MINERS.slice(0, 2);
    for (const m of jailed) {
      const miner = h.staking.getMiner(h.env.ctx(), m)!;
      miner.jailed = true;
      h.staking.setMiner(h.env.ctx(), miner);
    }
    const balance = h.env.bank.balances.get(USER)!;
    h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", { sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 10n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "1000000" }, timeoutBlocks: 22n }));
    for (let i = 0; i < 22; i++) h.block();
    const q = h.inference.query(h.env.ctx(), 1n)!;
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FAILED);
    expect(q.verdict?.reason).toBe(FailureReason.FAILURE_REASON_NOT_ENOUGH_MINERS);
    expect(h.env.bank.balances.get(USER)).toBe(balance);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("rejects a fee above max_fee and an input above the size limit", () => {
    const h = setup();
    const errs = h.block((run) => {
      const base = { sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 1000n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "100" }, timeoutBlocks: 0n };
      run("/nesa.payforquery.v1.MsgPayForQuery", base);
      run("/nesa.payforquery.v1.MsgPayForQuery", { ...base, maxFee: { denom: "unes", amount: "100000000" }, inputBytes: payParams().maxInputBytes + 1n });
    });
    expect(errs.map((e: any) => `${e.codespace}/${e.code}`)).toEqual(["payforquery/10", "payforquery/6"]);
    expect(h.pay.peekNextQueryId(h.env.ctx())).toBe(1n);
  });
});
