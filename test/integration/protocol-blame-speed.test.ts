// Issue 12 through the real RPC with cosmjs: an OCR-like 2-shard × 3-replica query with a byzantine shard-0
// seat (the liar is slashed, the honest shard-1 seat of its pipeline is excused), reputation moving with the
// verdicts and the committee draw weight following it (re-derived by the client's verifyAssignment), and a
// slower agreeing seat paid less than a faster one, to the unes as the x/payforquery README formula says.
import { committeeWeight, REPUTATION_ONE } from "../../packages/crypto/src/index";
import { verifyAssignment } from "@nesa/client";
import { inferenceState as st } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentFor, encryptionKey, seatOutput, type SeatOutput, sketchFor } from "../../packages/chain/src/sim/protocol-harness";
import { computeFee, computeSettlement, speedPay } from "../../packages/chain/src/x/payforquery/fees";
import { type Driver, TX_FEE, connectDriver } from "./protocol-driver";
import { type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

const S = 2;
const R = 3;
const PRICE = 10_000n;
const STAKE = 2_000_000n;
const INPUT_BYTES = 4_096n;
let home: Home;
let net: InProcessNode;
let d: Driver;
let user: string;
let miners: string[];

const shard = (index: number) => ({ index, sha256: new Uint8Array(32).fill(index + 1), sizeBytes: 4096n, inputs: [{ name: "x", type: "float32", shape: [1, 3, 48, -1] }], outputs: [{ name: "y", type: "float32", shape: [1, 128] }] });

async function pay(): Promise<bigint> {
  const res = await d.tx(d.actors[1], [{ typeUrl: "/nesa.payforquery.v1.MsgPayForQuery", value: { sender: user, modelId: "ocr-rec", inputCommitment: new Uint8Array(32).fill(5), inputBytes: INPUT_BYTES, replicas: R, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n } }]);
  expect(res.code).toBe(0);
  const id = BigInt(res.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")!.attributes.find((a) => a.key === "query_id")!.value.replaceAll('"', ""));
  await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_ASSIGNED]);
  return id;
}

interface SeatPlan { seat: st.Seat; out: SeatOutput; input: Uint8Array; lateBlocks: number }

/**
 * Commits: the prompt seats at once, then each late seat once the chain is `lateBlocks` past the assignment and
 * past every prompt commit's block (so it is strictly later even on a loaded machine); then reveals.
 */
async function play(id: bigint, plans: SeatPlan[]) {
  const q = await d.q.inference.query(id);
  const actor = (m: string) => d.actors.find((a) => a.address === m)!;
  const commit = async (p: SeatPlan) => {
    const r = await d.tx(actor(p.seat.miner), [{ typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { miner: p.seat.miner, queryId: id, shard: p.seat.shard, replica: p.seat.replica, commitment: commitmentFor(id, p.seat.shard, p.seat.replica, p.seat.miner, p.out) } }]);
    expect(r.code, r.rawLog).toBe(0);
    return BigInt(r.height);
  };
  const prompt = await Promise.all(plans.filter((p) => p.lateBlocks === 0).map(commit));
  const after = prompt.reduce((m, h) => (h > m ? h : m), 0n);
  await Promise.all(plans.filter((p) => p.lateBlocks > 0).map(async (p) => {
    const target = q.assignedHeight + BigInt(p.lateBlocks) > after ? q.assignedHeight + BigInt(p.lateBlocks) : after;
    await d.waitFor("a later block", async () => ((await d.height()) >= target ? true : undefined));
    return commit(p);
  }));
  const revealing = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_REVEALING]);
  await d.waitFor("sketch seed", async () => ((await d.height()) >= revealing.sketchSeedHeight ? true : undefined));
  const seed = (await d.q.inference.beacon(revealing.sketchSeedHeight)).output;
  const k = (await d.q.inference.params()).sketchK;
  const results = await Promise.all(plans.map((p) => d.tx(actor(p.seat.miner), [{ typeUrl: "/nesa.inference.v1.MsgRevealResult", value: { miner: p.seat.miner, queryId: id, shard: p.seat.shard, replica: p.seat.replica, outputDigest: p.out.outputDigest, salt: p.out.salt, sketch: sketchFor(p.out, seed, k), outputIsInteger: false, resultRef: new Uint8Array(), inputDigest: p.input } }])));
  for (const r of results) expect(r.code, r.rawLog).toBe(0);
  return d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FINALIZED, st.QueryStatus.QUERY_STATUS_FAILED]);
}

/** Every seat honest except `wrong(s, r)`; shard s > 0 declares the output of (s − 1, r) as its input. */
function plansFor(id: bigint, q: st.InferenceQuery, wrong: (s: number, r: number) => boolean, late: (s: number, r: number) => number = () => 0): SeatPlan[] {
  const outs = new Map(q.seats.map((s) => [`${s.shard}/${s.replica}`, seatOutput(id, s.shard, s.replica, !wrong(s.shard, s.replica))]));
  return q.seats.map((seat) => ({ seat, out: outs.get(`${seat.shard}/${seat.replica}`)!, input: seat.shard > 0 ? outs.get(`${seat.shard - 1}/${seat.replica}`)!.outputDigest : new Uint8Array(32).fill(5), lateBlocks: late(seat.shard, seat.replica) }));
}

const outcomeOf = (q: st.InferenceQuery, s: number, r: number) => q.verdict!.seats.find((x) => x.shard === s && x.replica === r)!.outcome;
const minerOf = (q: st.InferenceQuery, s: number, r: number) => q.seats.find((x) => x.shard === s && x.replica === r)!.miner;

beforeAll(async () => {
  home = await makeHome(9);
  net = await startInProcess(home.home, 100);
  await waitForHeight(net.url, 0);
  d = await connectDriver(net.url, home.accounts.map((a) => a.mnemonic));
  const owner = d.actors[0].address;
  user = d.actors[1].address;
  miners = d.actors.slice(2, 8).map((a) => a.address);
  const reg = await d.tx(d.actors[0], [{ typeUrl: "/nesa.inference.v1.MsgRegisterModel", value: { owner, modelId: "ocr-rec", name: "ocr-rec", version: "1", shards: [shard(0), shard(1)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1 } }]);
  expect(reg.code).toBe(0);
  const regs = await Promise.all(miners.map((op, i) => d.tx(d.actors[i + 2], [{ typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator: op, encryptionPubkey: encryptionKey(i), models: ["ocr-rec"], capacity: { memoryMb: 4096n, maxBatch: 4 }, stake: { denom: "unes", amount: String(STAKE) } } }])));
  expect(regs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
});

afterAll(async () => {
  d?.disconnect();
  await net?.close();
  home?.remove();
});

describe("fair blame, reputation and speed over RPC (issue 12)", () => {
  let liar = "";
  let victim = "";

  it("slashes a byzantine shard-0 seat and excuses the honest shard-1 seat of its pipeline", async () => {
    const id = await pay();
    const q0 = await d.q.inference.query(id);
    liar = minerOf(q0, 0, 1);
    victim = minerOf(q0, 1, 1);
    const victimBefore = await d.balance(victim);
    const userBefore = await d.balance(user);
    // Replica 1: the liar's output is wrong, so the honest seat fed with it outputs something wrong too.
    const q = await play(id, plansFor(id, q0, (_s, r) => r === 1));
    expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FINALIZED);
    expect(outcomeOf(q, 0, 1)).toBe(st.SeatOutcome.SEAT_OUTCOME_DISAGREED);
    expect(outcomeOf(q, 1, 1)).toBe(st.SeatOutcome.SEAT_OUTCOME_EXCUSED);
    expect(q.reveals.find((r) => r.shard === 1 && r.replica === 1)!.inputDigest).toEqual(q.reveals.find((r) => r.shard === 0 && r.replica === 1)!.outputDigest);
    const l = await d.q.stakingext.miner(liar);
    expect([l.bonded!.amount, l.jailed, l.reputation]).toEqual([String(STAKE - STAKE / 10n), true, 800_000n]);
    const v = await d.q.stakingext.miner(victim);
    expect([v.bonded!.amount, v.jailed, v.reputation, v.totalWrong]).toEqual([String(STAKE), false, REPUTATION_ONE, 0n]);
    // Unpaid: the victim only spent its two tx fees; the payer got both replica-1 seat values back.
    expect(await d.balance(victim)).toBe(victimBefore - 2n * TX_FEE);
    const escrow = await d.q.payforquery.escrow(id);
    expect(escrow.minerPayouts.map((p) => p.recipient)).not.toContain(victim);
    expect(BigInt(escrow.refunded!.amount)).toBe(2n * PRICE);
    expect((await d.balance(user)) - userBefore).toBe(2n * PRICE); // measured after the payment
    for (const s of q.seats.filter((x) => x.replica !== 1)) expect((await d.q.stakingext.miner(s.miner)).reputation).toBe(1_010_000n);
  });

  it("draws the next committee by stake × reputation (the client re-derives it), and pays a slower agreeing seat less than a faster one, exactly per the speed formula", async () => {
    // The liar stays jailed for jail_blocks: a seventh miner joins so that six seats can be drawn.
    const extra = d.actors[8];
    const reg = await d.tx(extra, [{ typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator: extra.address, encryptionPubkey: encryptionKey(8), models: ["ocr-rec"], capacity: { memoryMb: 4096n, maxBatch: 4 }, stake: { denom: "unes", amount: String(STAKE) } } }]);
    expect(reg.code).toBe(0);
    const id = await pay();
    const committee = await d.q.inference.committee(id);
    const byMiner = new Map(committee.candidates.map((c) => [c.miner, c]));
    expect(byMiner.has(liar)).toBe(false); // jailed
    expect(byMiner.get(victim)!.reputation).toBe(REPUTATION_ONE); // excused: unchanged
    expect(byMiner.get(extra.address)!.reputation).toBe(REPUTATION_ONE); // reputation_initial
    const rewarded = committee.candidates.filter((c) => c.miner !== victim && c.miner !== extra.address);
    expect(rewarded.map((c) => c.reputation)).toEqual([1_010_000n, 1_010_000n, 1_010_000n, 1_010_000n]);
    expect(committeeWeight(BigInt(rewarded[0].stake!.amount), rewarded[0].reputation)).toBe((STAKE * 1_010_000n) / 1_000_000n);
    const q0 = await d.q.inference.query(id);
    const chainId = await d.actors[0].client.getChainId();
    expect(verifyAssignment({ chainId, query: q0, committee }).seats).toHaveLength(S * R);
    const slow = minerOf(q0, 1, 2);
    const q = await play(id, plansFor(id, q0, () => false, (s, r) => (s === 1 && r === 2 ? 3 : 0)));
    expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FINALIZED);
    const pp = await d.q.payforquery.params();
    const fee = computeFee({ baseFee: BigInt(pp.baseFee!.amount), perByteFee: BigInt(pp.perByteFee!.amount), inputBytes: INPUT_BYTES, price: PRICE, shards: S, replicas: R });
    const split = computeSettlement(fee, S * R, S * R, pp.ownerShare);
    const window = q.commitDeadline - q.assignedHeight;
    const escrow = await d.q.payforquery.escrow(id);
    expect([escrow.commitWindow, escrow.speedShare]).toEqual([window, pp.speedShare]);
    const paid = new Map(escrow.minerPayouts.map((p) => [p.recipient, BigInt(p.amount!.amount)]));
    for (const c of q.commits) {
      const delay = c.height - q.assignedHeight;
      const speed = (split.perSeat * BigInt(pp.speedShare)) / 1_000_000n;
      // pay = per_seat − speed + ⌊speed × (W + 1 − d) / W⌋
      expect(paid.get(c.miner)).toBe(split.perSeat - speed + (speed * (window + 1n - delay)) / window);
      expect(paid.get(c.miner)).toBe(speedPay(split.perSeat, pp.speedShare, window, delay));
    }
    const slowDelay = q.commits.find((c) => c.miner === slow)!.height - q.assignedHeight;
    const fastest = q.commits.reduce((m, c) => (c.height < m.height ? c : m));
    expect(slowDelay).toBeGreaterThan(fastest.height - q.assignedHeight);
    expect(paid.get(slow)!).toBeLessThan(paid.get(fastest.miner)!);
    const slowSum = [...paid.values()].reduce((s, x) => s + (split.perSeat - x), 0n);
    expect(BigInt(escrow.communityPool!.amount)).toBe(split.communityPool + slowSum);
    expect(BigInt(escrow.refunded!.amount)).toBe(split.refund);
  });
});
