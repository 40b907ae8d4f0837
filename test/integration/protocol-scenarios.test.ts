// The protocol end to end through the real RPC with cosmjs: 6 miners, S = 2, R = 3, on a real
// nesad (LevelDB, secp256k1 signatures, invariants checked after every block).
import { inferenceState as st, stakingextState } from "@nesa/proto-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeFee, computeSettlement } from "../../packages/chain/src/x/payforquery/fees";
import { encryptionKey } from "../../packages/chain/src/sim/protocol-harness";
import { type Behaviour, type Driver, TX_FEE, connectDriver, speedWeighted } from "./protocol-driver";
import { replay } from "@nesa/chain";
import { type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

const S = 2;
const R = 3;
const PRICE = 10_000n;
const STAKE = 2_000_000n;
const INPUT_BYTES = 2_048n;
let home: Home;
let net: InProcessNode;
let d: Driver;
let owner: string;
let user: string;
let miners: string[];

const shard = (index: number) => ({
  index,
  sha256: new Uint8Array(32).fill(index + 1),
  sizeBytes: 4096n,
  inputs: [{ name: "x", type: "float32", shape: [1, 128] }],
  outputs: [{ name: "y", type: "float32", shape: [1, 128] }],
});

const payMsg = (over: Record<string, unknown> = {}) => ({
  typeUrl: "/nesa.payforquery.v1.MsgPayForQuery",
  value: { sender: user, modelId: "lande", inputCommitment: new Uint8Array(32).fill(5), inputBytes: INPUT_BYTES, replicas: R, privacy: 1, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n, ...over },
});

async function pay(): Promise<bigint> {
  const res = await d.tx(d.actors[1], [payMsg()]);
  expect(res.code).toBe(0);
  const id = BigInt(res.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")!.attributes.find((a) => a.key === "query_id")!.value.replaceAll('"', ""));
  await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_ASSIGNED]);
  return id;
}

async function runQuery(behave: (s: number, r: number) => Behaviour) {
  const id = await pay();
  const outs = await d.commitAll(id, behave);
  await d.revealAll(id, outs);
  const q = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FINALIZED, st.QueryStatus.QUERY_STATUS_FAILED]);
  return { id, q, outs };
}

const minerOf = (q: st.InferenceQuery, s: number, r: number) => q.seats.find((x) => x.shard === s && x.replica === r)!.miner;

beforeAll(async () => {
  home = await makeHome(9);
  net = await startInProcess(home.home, 100);
  await waitForHeight(net.url, 0);
  d = await connectDriver(net.url, home.accounts.map((a) => a.mnemonic));
  owner = d.actors[0].address;
  user = d.actors[1].address;
  miners = d.actors.slice(2, 8).map((a) => a.address);
  const reg = await d.tx(d.actors[0], [
    {
      typeUrl: "/nesa.inference.v1.MsgRegisterModel",
      value: { owner, modelId: "lande", name: "lande", version: "1", shards: [shard(0), shard(1)], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1 },
    },
  ]);
  expect(reg.code).toBe(0);
  const regs = await Promise.all(
    miners.map((op, i) =>
      d.tx(d.actors[i + 2], [
        { typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator: op, encryptionPubkey: encryptionKey(i), models: ["lande"], capacity: { memoryMb: 4096n, maxBatch: 4 }, stake: { denom: "unes", amount: String(STAKE) } } },
      ]),
    ),
  );
  expect(regs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
});

let closed = false;

afterAll(async () => {
  d?.disconnect();
  if (!closed) await net?.close();
  home?.remove();
});

describe("protocol scenarios over RPC", () => {
  it("finalizes an honest query with rewards exact to the unes", async () => {
    const before = new Map<string, bigint>();
    for (const a of [owner, user, ...miners]) before.set(a, await d.balance(a));
    const poolBefore = await d.communityPool();
    const { id, q } = await runQuery(() => "honest");
    expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FINALIZED);
    const params = await d.q.payforquery.params();
    const fee = computeFee({ baseFee: BigInt(params.baseFee!.amount), perByteFee: BigInt(params.perByteFee!.amount), inputBytes: INPUT_BYTES, price: PRICE, shards: S, replicas: R });
    expect(BigInt((await d.q.payforquery.estimateFee("lande", INPUT_BYTES, R)).total!.amount)).toBe(fee.total);
    const split = computeSettlement(fee, S * R, S * R, params.ownerShare);
    // each miner: + its seat's share (speed-weighted by its commit delay) − two tx fees (commit, reveal)
    const speed = speedWeighted(q, split.perSeat, params.speedShare);
    for (const m of miners) expect((await d.balance(m)) - before.get(m)!).toBe(speed.pay.get(m)! - 2n * TX_FEE);
    expect((await d.balance(owner)) - before.get(owner)!).toBe(split.owner);
    expect(before.get(user)! - (await d.balance(user))).toBe(fee.total + TX_FEE);
    expect((await d.communityPool()) - poolBefore).toBe(split.communityPool + speed.slow);
    const escrow = await d.q.payforquery.escrow(id);
    expect(escrow.minerPayouts.map((p) => p.recipient).sort()).toEqual([...miners].sort());
    const verdict = await d.q.inference.verdict(id);
    expect(verdict.resultReplica).toBe(0);
    expect(verdict.resultDigest).toEqual(q.reveals.find((r) => r.shard === S - 1 && r.replica === 0)!.outputDigest);
  });

  it("slashes a missed reveal, including stake that is unbonding", async () => {
    const id = await pay();
    const q = await d.q.inference.query(id);
    const slacker = minerOf(q, 0, 1);
    const actor = d.actors.find((a) => a.address === slacker)!;
    const unbond = await d.tx(actor, [{ typeUrl: "/nesa.stakingext.v1.MsgUnbond", value: { operator: slacker, amount: { denom: "unes", amount: "500000" } } }]);
    expect(unbond.code).toBe(0);
    const outs = await d.commitAll(id, (s, r) => (s === 0 && r === 1 ? "no-reveal" : "honest"));
    await d.revealAll(id, outs);
    const done = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FINALIZED]);
    expect(done.verdict!.seats.find((s) => s.miner === slacker)!.outcome).toBe(st.SeatOutcome.SEAT_OUTCOME_MISSED_REVEAL);
    const m = await d.q.stakingext.miner(slacker);
    expect(m.bonded!.amount).toBe(String(1_500_000n - 15_000n)); // 1 % of bonded
    expect(m.unbonding[0].balance!.amount).toBe(String(500_000n - 5_000n)); // 1 % of the unbonding entry
    expect(m.jailed).toBe(false);
    // 5 agreeing seats paid, the missed seat's price refunded
    expect(BigInt((await d.q.payforquery.escrow(id)).refunded!.amount)).toBe(PRICE);
  });

  it("fails without a majority and refunds the payer in full", async () => {
    const id = await pay();
    const userBefore = await d.balance(user);
    const { q } = await (async () => {
      const outs = await d.commitAll(id, (s, r) => (s === 0 ? (["honest", "liar", "liar2"] as const)[r] : "honest"));
      await d.revealAll(id, outs);
      return { q: await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FAILED, st.QueryStatus.QUERY_STATUS_FINALIZED]) };
    })();
    expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FAILED);
    expect(q.verdict!.reason).toBe(st.FailureReason.FAILURE_REASON_NO_MAJORITY);
    const escrow = await d.q.payforquery.escrow(id);
    expect(escrow.refunded!.amount).toBe(escrow.fee!.total!.amount);
    expect((await d.balance(user)) - userBefore).toBe(BigInt(escrow.fee!.total!.amount));
    for (const s of q.verdict!.seats) expect(s.outcome).toBe(st.SeatOutcome.SEAT_OUTCOME_NO_MAJORITY);
  });

  it("rejects non-seat, double and late commits with registered errors and no state change", async () => {
    const id = await pay();
    const q = await d.q.inference.query(id);
    const seat = q.seats[0];
    const holder = d.actors.find((a) => a.address === seat.miner)!;
    const outsider = d.actors.find((a) => miners.includes(a.address) && a.address !== seat.miner)!;
    const commit = (miner: string) => ({ typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { miner, queryId: id, shard: seat.shard, replica: seat.replica, commitment: new Uint8Array(32).fill(1) } });
    const nonSeat = await d.tx(outsider, [commit(outsider.address)]);
    expect([nonSeat.code, await codespaceOf(nonSeat.transactionHash)]).toEqual([12, "inference"]);
    expect((await d.q.inference.query(id)).commits).toHaveLength(0);
    expect((await d.tx(holder, [commit(holder.address)])).code).toBe(0);
    const twice = await d.tx(holder, [commit(holder.address)]);
    expect(twice.code).toBe(13);
    const after = await d.q.inference.query(id);
    expect(after.commits).toHaveLength(1);
    expect(after.commits[0].commitment).toEqual(new Uint8Array(32).fill(1));
    await d.waitFor("commit deadline", async () => ((await d.height()) > q.commitDeadline ? true : undefined));
    const lateSeat = q.seats[1];
    const late = await d.tx(d.actors.find((a) => a.address === lateSeat.miner)!, [{ typeUrl: "/nesa.inference.v1.MsgCommitResult", value: { miner: lateSeat.miner, queryId: id, shard: lateSeat.shard, replica: lateSeat.replica, commitment: new Uint8Array(32) } }]);
    expect(late.code).toBe(10);
    // one commit of six: the commit close failed the query and slashed the five missing commits
    const failed = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FAILED]);
    expect(failed.verdict!.seats.filter((s) => s.outcome === st.SeatOutcome.SEAT_OUTCOME_MISSED_COMMIT)).toHaveLength(5);
  });

  it("rejects a reveal that does not open its commitment", async () => {
    const id = await pay();
    const outs = await d.commitAll(id, () => "honest");
    const q = await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_REVEALING]);
    const o = outs[0];
    const bad = await d.tx(d.actors.find((a) => a.address === o.seat.miner)!, [
      { typeUrl: "/nesa.inference.v1.MsgRevealResult", value: { miner: o.seat.miner, queryId: id, shard: o.seat.shard, replica: o.seat.replica, outputDigest: new Uint8Array(32).fill(3), salt: o.out.salt, sketch: [4n, 32n, 1n, 2n, 3n, 4n], outputIsInteger: false, resultRef: new Uint8Array() } },
    ]);
    expect(bad.code).toBe(19);
    expect((await d.q.inference.query(id)).reveals).toHaveLength(0);
    await d.revealAll(id, outs);
    expect((await d.waitStatus(id, [st.QueryStatus.QUERY_STATUS_FINALIZED])).id).toBe(q.id);
  });

  it("rejects a fee above max_fee and an input above the size limit", async () => {
    const next = (await d.q.payforquery.escrows()).escrows.length;
    const userBefore = await d.balance(user);
    const high = await d.tx(d.actors[1], [payMsg({ maxFee: { denom: "unes", amount: "1000" } })]);
    expect([high.code, await codespaceOf(high.transactionHash)]).toEqual([10, "payforquery"]);
    const params = await d.q.payforquery.params();
    const big = await d.tx(d.actors[1], [payMsg({ inputBytes: params.maxInputBytes + 1n })]);
    expect([big.code, await codespaceOf(big.transactionHash)]).toEqual([6, "payforquery"]);
    expect((await d.q.payforquery.escrows()).escrows.length).toBe(next);
    expect(userBefore - (await d.balance(user))).toBe(2n * TX_FEE); // only the tx fees
  });

  it("slashes and jails a liar while the majority stands", async () => {
    const { q } = await runQuery((s, r) => (s === 1 && r === 2 ? "liar" : "honest"));
    expect(q.status).toBe(st.QueryStatus.QUERY_STATUS_FINALIZED);
    const liar = minerOf(q, 1, 2);
    expect(q.verdict!.seats.find((s) => s.miner === liar)!.outcome).toBe(st.SeatOutcome.SEAT_OUTCOME_DISAGREED);
    const m = await d.q.stakingext.miner(liar);
    expect(m.jailed).toBe(true);
    expect(m.status).toBe(stakingextState.MinerStatus.MINER_STATUS_JAILED);
    expect(m.totalWrong).toBe(1n);
    const honest = q.verdict!.seats.filter((s) => s.outcome === st.SeatOutcome.SEAT_OUTCOME_AGREED);
    expect(honest).toHaveLength(5);
    expect(net.node.runInvariants()).toEqual([]);
  });

  it("replays every stored block from genesis to the same app hashes (VRF beacons, committees, verdicts)", async () => {
    const height = BigInt(await d.height());
    d.disconnect();
    await net.close();
    closed = true;
    const report = await replay({ home: home.home });
    expect(report.mismatch).toBeUndefined();
    expect(report.lastHeight).toBeGreaterThanOrEqual(height);
  });
});

/** The codespace of a committed tx's result (cosmjs's DeliverTxResponse carries only the code). */
async function codespaceOf(hash: string): Promise<string | undefined> {
  const res = await d.comet.tx({ hash: Buffer.from(hash, "hex") });
  return res.result.codespace;
}
