import { computeSketch, resultCommitment, tensorDigest } from "@nesa/crypto";
import { expect, it } from "vitest";
import { registerModel } from "../../sim/msgs";
import { address, encryptionKey, protocolHarness } from "../../sim/protocol-harness";
import { MsgRegisterModel, QueryStatus, SeatOutcome } from "./proto";

const T = "/nesa.inference.v1.";
const MINERS = Array.from({ length: 4 }, (_, i) => address(80 + i));
const USER = address(90);

it("integer outputs must match exactly: one token off is a wrong result, and the flag must match the model", () => {
  const h = protocolHarness();
  for (const a of [USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  h.block((run) => {
    run(`${T}MsgRegisterModel`, MsgRegisterModel.decode(registerModel(address(91), "tok", 1, 100n, true).value));
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["tok"], capacity: undefined, stake: { denom: "unes", amount: "2000000" } });
    });
  });
  h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", { sender: USER, modelId: "tok", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 10n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "100000" }, timeoutBlocks: 0n }));
  h.block();
  const q = h.inference.query(h.env.ctx(), 1n)!;
  const tokens = (off: number) => ({ dtype: "int64", dims: [32], data: BigInt64Array.from({ length: 32 }, (_, i) => BigInt(1000 + i * 7 + (i === 9 ? off : 0))) }) as const;
  const outs = q.seats.map((s) => ({ s, t: tokens(s.replica === 2 ? 1 : 0), salt: new Uint8Array(16).fill(s.replica + 1) }));
  h.block((run) => {
    for (const { s, t, salt } of outs) {
      run(`${T}MsgCommitResult`, { miner: s.miner, queryId: 1n, shard: 0, replica: s.replica, commitment: resultCommitment({ queryId: 1n, shard: 0, replica: s.replica, miner: s.miner, outputDigest: tensorDigest(t), salt }) });
    }
  });
  h.block();
  const seed = h.inference.beacon(h.env.ctx(), h.inference.query(h.env.ctx(), 1n)!.sketchSeedHeight)!.output;
  const reveal = (o: (typeof outs)[number], integer: boolean) => ({ miner: o.s.miner, queryId: 1n, shard: 0, replica: o.s.replica, outputDigest: tensorDigest(o.t), salt: o.salt, sketch: computeSketch(o.t, seed, 4), outputIsInteger: integer, resultRef: new Uint8Array() });
  const errs = h.block((run) => {
    run(`${T}MsgRevealResult`, reveal(outs[0], false)); // says float for an int64 output: rejected
    for (const o of outs) run(`${T}MsgRevealResult`, reveal(o, true));
  });
  expect(errs.map((e) => (e as { code: number }).code)).toEqual([22]);
  const done = h.inference.query(h.env.ctx(), 1n)!;
  expect(done.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
  const off = done.verdict!.seats.find((s) => s.replica === 2)!;
  expect(off.outcome).toBe(SeatOutcome.SEAT_OUTCOME_DISAGREED);
  expect(h.staking.getMiner(h.env.ctx(), off.miner)!.jailed).toBe(true);
  expect(h.invariantFailures()).toEqual([]);
});
