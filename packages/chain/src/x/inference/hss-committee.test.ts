// HSS_EE on chain: a model declares its HSS stages; an HSS_EE query's committee gets two share seats per replica
// (positions S and S+1, drawn with the pipeline seats, all distinct miners); share seats commit, reveal, are
// compared across replicas and paid or slashed like any seat; the fee prices them.
import { verifyCommittee } from "@nesa/crypto";
import { describe, expect, it } from "vitest";
import { address, commitmentFor, encryptionKey, protocolHarness, seatOutput, sketchFor } from "../../sim/protocol-harness";
import { ErrInvalidPrivacy } from "../payforquery/errors";
import { computeFee } from "../payforquery/fees";
import { ErrInvalidModel } from "./errors";
import { QueryStatus, SeatOutcome, SeatRole } from "./proto";

const T = "/nesa.inference.v1.";
const OWNER = address(100);
const USER = address(101);
const MINERS = Array.from({ length: 12 }, (_, i) => address(i));
const PRICE = 10_000n;
const stage = (fill: number) => ({ index: 0, sha256: new Uint8Array(32).fill(fill), sizeBytes: 10n, inputs: [{ name: "x", type: "float32", shape: [1, -1] }], outputs: [{ name: "p", type: "float32", shape: [] }] });
const register = (modelId: string, hss: unknown) => ({
  owner: OWNER, modelId, name: "M", version: "1", shards: [stage(1), { ...stage(2), index: 1 }],
  ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: String(PRICE) }, minReplicas: 1, hss,
});
const payMsg = (modelId: string, privacy: number) => ({
  sender: USER, modelId, inputCommitment: new Uint8Array(32).fill(1), inputBytes: 1000n, replicas: 3, privacy, maxFee: { denom: "unes", amount: "10000000" }, timeoutBlocks: 0n,
});

function setup() {
  const h = protocolHarness();
  for (const a of [OWNER, USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  expect(h.block((run) => {
    run(`${T}MsgRegisterModel`, register("m", { share: stage(3), combine: stage(4) }));
    run(`${T}MsgRegisterModel`, register("plain", undefined));
    for (const [i, op] of MINERS.entries()) {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m", "plain"], capacity: undefined, stake: { denom: "unes", amount: "2000000" } });
    }
  })).toEqual([]);
  return h;
}

describe("x/inference HSS_EE committees", () => {
  it("refuses half-declared HSS stages and HSS_EE queries of models without them", () => {
    const h = setup();
    const errors = h.block((run) => {
      run(`${T}MsgRegisterModel`, register("bad", { share: stage(3) }));
      run(`${T}MsgRegisterModel`, register("bad2", { share: { ...stage(3), sha256: new Uint8Array(5) }, combine: stage(4) }));
      run("/nesa.payforquery.v1.MsgPayForQuery", payMsg("plain", 2));
    });
    expect(errors.map((e) => (e as Error).message)).toEqual([
      expect.stringContaining("hss.combine is missing"),
      expect.stringContaining("hss.share.sha256 must be 32 bytes"),
      expect.stringContaining("declares no HSS stages"),
    ]);
    expect(errors.map((e) => `${(e as { codespace: string }).codespace}/${(e as { code: number }).code}`)).toEqual([
      `inference/${ErrInvalidModel.code}`, `inference/${ErrInvalidModel.code}`, `payforquery/${ErrInvalidPrivacy.code}`,
    ]);
  });

  it("draws 2 share seats per replica, verifiable by the client, and pays them like shard seats", () => {
    const h = setup();
    const before = (h.env.bank.balances.get(USER) ?? 0n);
    expect(h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", payMsg("m", 2)))).toEqual([]);
    const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 1000n, price: PRICE, shards: 2, hssShares: 2, replicas: 3 });
    expect(before - (h.env.bank.balances.get(USER) ?? 0n)).toBe(fee.total);
    expect(fee.model).toBe(PRICE * 4n * 3n);
    h.block();
    const q = h.inference.query(h.env.ctx(), 1n)!;
    expect(q.hssShares).toBe(2);
    expect(q.seats.length).toBe(12);
    expect(new Set(q.seats.map((s) => s.miner)).size).toBe(12);
    expect(q.seats.filter((s) => s.role === SeatRole.SEAT_ROLE_HSS_SHARE).map((s) => s.shard).sort()).toEqual([2, 2, 2, 3, 3, 3]);
    const candidates = h.inference.fullQuery(h.env.ctx(), q.id)!.candidates.map((c) => ({ address: c.miner, weight: BigInt(c.stake!.amount) }));
    expect(verifyCommittee({ seed: q.committeeSeed, candidates, shards: 4, replicas: 3 }, q.seats).valid).toBe(true);

    // Every seat commits and reveals; the share-1 seat of replica 2 lies: slashed, the rest (11) paid.
    const liar = (s: { shard: number; replica: number }) => s.shard === 3 && s.replica === 2;
    const outs = q.seats.map((s) => ({ s, out: seatOutput(q.id, s.shard, s.replica, !liar(s)) }));
    expect(h.block((run) => {
      for (const { s, out } of outs) run(`${T}MsgCommitResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, commitment: commitmentFor(q.id, s.shard, s.replica, s.miner, out) });
    })).toEqual([]);
    h.block();
    const seed = h.inference.beacon(h.env.ctx(), h.inference.query(h.env.ctx(), q.id)!.sketchSeedHeight)!.output;
    const k = h.inference.params(h.env.ctx()).sketchK;
    expect(h.block((run) => {
      for (const { s, out } of outs) run(`${T}MsgRevealResult`, { miner: s.miner, queryId: q.id, shard: s.shard, replica: s.replica, outputDigest: out.outputDigest, salt: out.salt, sketch: sketchFor(out, seed, k), outputIsInteger: false, resultRef: new Uint8Array() });
    })).toEqual([]);
    const done = h.inference.query(h.env.ctx(), q.id)!;
    expect(done.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    const outcomes = done.verdict!.seats.map((s) => `${s.shard}/${s.replica}:${SeatOutcome[s.outcome]}`);
    expect(outcomes.filter((o) => o.endsWith("DISAGREED"))).toEqual(["3/2:SEAT_OUTCOME_DISAGREED"]);
    expect(outcomes.filter((o) => o.endsWith("AGREED") && !o.endsWith("DISAGREED")).length).toBe(11);
    expect(h.invariantFailures()).toEqual([]);
  });
});
