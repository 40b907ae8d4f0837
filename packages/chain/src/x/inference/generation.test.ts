// Generator models (PROTOCOL.md §10) on the module harness: registration fields, token pricing of
// MsgPayForQuery and EstimateFee, output_tokens in reveals, exact token consensus on the last shard
// and settlement of the agreed length.
import { describe, expect, it } from "vitest";
import { registerModel } from "../../sim/msgs";
import { address, commitmentFor, encryptionKey, protocolHarness, type SeatOutput, seatOutput, sketchFor, tokenOutput } from "../../sim/protocol-harness";
import { computeFee, computeSettlement } from "../payforquery/fees";
import { EscrowStatus, QueryEstimateFeeRequest, QueryEstimateFeeResponse } from "../payforquery/proto";
import { ModelKind, MsgRegisterModel, QueryStatus, SeatOutcome } from "./proto";

const T = "/nesa.inference.v1.";
const PAY = "/nesa.payforquery.v1.MsgPayForQuery";
const OWNER = address(200);
const USER = address(201);
const MINERS = Array.from({ length: 6 }, (_, i) => address(210 + i));
const GEN = { inputPrice: 3n, outputPrice: 7n, contextLength: 64, eosTokenId: 2 };
const PRICE = 100n;
const R = 3;
const S = 2;

const genModel = (over: Partial<MsgRegisterModel> = {}) => ({ ...MsgRegisterModel.decode(registerModel(OWNER, "gen", S, PRICE, true, GEN).value), ...over });
const codes = (errs: unknown[]) => errs.map((e) => `${(e as { codespace: string }).codespace}/${(e as { code: number }).code}`);
const payMsg = (over: Record<string, unknown> = {}) => ({
  sender: USER,
  modelId: "gen",
  inputCommitment: new Uint8Array(32).fill(1),
  inputBytes: 200n,
  replicas: R,
  privacy: 1,
  maxFee: { denom: "unes", amount: "10000000" },
  timeoutBlocks: 0n,
  inputTokens: 10,
  maxNewTokens: 16,
  stopTokenId: 5,
  ...over,
});

function setup() {
  const h = protocolHarness();
  for (const a of [USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  const errs = h.block((run) => {
    run(`${T}MsgRegisterModel`, genModel());
    run(`${T}MsgRegisterModel`, MsgRegisterModel.decode(registerModel(OWNER, "cls", 1, PRICE).value));
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["gen", "cls"], stake: { denom: "unes", amount: "2000000" } });
    });
  });
  expect(errs).toEqual([]);
  return h;
}

/** `tokens` ids generated (honest or not); `claim` = the output_tokens revealed (default `tokens`). */
type Plan = { honest: boolean; tokens?: number; claim?: number };

/** Pays (in its own block), commits and reveals every seat as `plan` says; returns the finished query. */
function runGeneration(h: ReturnType<typeof setup>, plan: (shard: number, replica: number) => Plan, pay = payMsg()) {
  expect(h.block((run) => run(PAY, pay))).toEqual([]);
  const id = h.pay.peekNextQueryId(h.env.ctx()) - 1n;
  const q = h.inference.query(h.env.ctx(), id)!;
  const outs = q.seats.map((s) => {
    const p = plan(s.shard, s.replica);
    const out: SeatOutput = s.shard === S - 1 ? tokenOutput(id, s.replica, p.tokens ?? 0, p.honest) : seatOutput(id, s.shard, s.replica, p.honest);
    return { s, p, out };
  });
  expect(h.block((run) => {
    for (const { s, out } of outs) run(`${T}MsgCommitResult`, { miner: s.miner, queryId: id, shard: s.shard, replica: s.replica, commitment: commitmentFor(id, s.shard, s.replica, s.miner, out) });
  })).toEqual([]);
  const seed = h.inference.beacon(h.env.ctx(), h.inference.query(h.env.ctx(), id)!.sketchSeedHeight)!.output;
  const reveal = (o: (typeof outs)[number], over: Record<string, unknown> = {}) => ({
    miner: o.s.miner,
    queryId: id,
    shard: o.s.shard,
    replica: o.s.replica,
    outputDigest: o.out.outputDigest,
    salt: o.out.salt,
    sketch: sketchFor(o.out, seed, 4),
    outputIsInteger: o.s.shard === S - 1,
    outputTokens: o.s.shard === S - 1 ? (o.p.claim ?? o.p.tokens ?? 0) : 0,
    ...over,
  });
  return { id, outs, reveal, revealAll: () => expect(h.block((run) => {
    for (const o of outs) run(`${T}MsgRevealResult`, reveal(o));
  })).toEqual([]) };
}

describe("generator models", () => {
  it("registers a generator with its token fields and rejects inconsistent kinds with inference/3", () => {
    const h = setup();
    const m = h.inference.model(h.env.ctx(), "gen")!;
    expect([m.kind, m.tokenPrice?.inputPrice?.amount, m.tokenPrice?.outputPrice?.amount, m.contextLength, m.eosTokenId]).toEqual([ModelKind.MODEL_KIND_GENERATOR, "3", "7", 64, 2]);
    expect(h.inference.model(h.env.ctx(), "cls")!.kind).toBe(ModelKind.MODEL_KIND_UNSPECIFIED);
    const classifier = { ...genModel(), kind: ModelKind.MODEL_KIND_CLASSIFIER, modelId: "c2" };
    const bad: [Partial<MsgRegisterModel>, RegExp][] = [
      [{ modelId: "g2", tokenPrice: undefined }, /token_price is required/],
      [{ modelId: "g2", contextLength: 1 }, /context_length 1/],
      [{ modelId: "g2", tokenPrice: { inputPrice: { denom: "uatom", amount: "1" }, outputPrice: { denom: "unes", amount: "1" } } }, /token_price.input_price denom/],
      [{ modelId: "g2", tokenPrice: { inputPrice: { denom: "unes", amount: "1" }, outputPrice: undefined } }, /token_price.output_price is required/],
      [{ modelId: "g2", kind: 7 as ModelKind }, /kind 7/],
      [{ ...classifier }, /token_price is only/],
      [{ ...classifier, tokenPrice: undefined }, /context_length is only/],
      [{ ...classifier, tokenPrice: undefined, contextLength: 0 }, /eos_token_id is only/],
    ];
    for (const [over, message] of bad) {
      const errs = h.block((run) => run(`${T}MsgRegisterModel`, genModel(over)));
      expect(codes(errs)).toEqual(["inference/3"]);
      expect(String(errs[0])).toMatch(message);
    }
    expect(h.inference.model(h.env.ctx(), "g2")).toBeUndefined();
    expect(h.inference.model(h.env.ctx(), "c2")).toBeUndefined();
    expect(h.block((run) => run(`${T}MsgRegisterModel`, { ...classifier, tokenPrice: undefined, contextLength: 0, eosTokenId: undefined }))).toEqual([]);
  });

  it("escrows exactly what EstimateFee quotes for the token lengths, and refuses bad lengths with payforquery/18", () => {
    const h = setup();
    const estimate = (modelId: string, inputTokens: number, maxNewTokens: number) =>
      QueryEstimateFeeResponse.decode(
        h.modules.find((m) => m.name === "payforquery")!.queryHandlers["/nesa.payforquery.v1.Query/EstimateFee"](
          h.env.ctx(),
          QueryEstimateFeeRequest.encode({ modelId, inputBytes: 200n, replicas: R, privacy: 0, inputTokens, maxNewTokens }).finish(),
        ),
      ).fee!;
    const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 200n, price: PRICE, shards: S, replicas: R, tokens: { inputTokens: 10, maxNewTokens: 16, ...GEN } });
    expect(fee.tokens).toBe((10n * 3n + 16n * 7n) * 3n);
    const e = estimate("gen", 10, 16);
    expect([e.total?.amount, e.tokens?.amount, e.inputTokens, e.maxNewTokens, e.outputPrice?.amount]).toEqual([String(fee.total), String(fee.tokens), 10, 16, "7"]);
    expect(() => estimate("gen", 50, 15)).toThrow(/context_length 64/);
    expect(() => estimate("cls", 1, 1)).toThrow(/classifier/);
    const before = h.env.bank.balances.get(USER)!;
    const bad: Record<string, unknown>[] = [
      { inputTokens: 0 },
      { maxNewTokens: 0 },
      { inputTokens: 49, maxNewTokens: 16 },
      { modelId: "cls", inputTokens: 0, maxNewTokens: 4, stopTokenId: undefined },
      { modelId: "cls", inputTokens: 0, maxNewTokens: 0, stopTokenId: 5 },
    ];
    for (const over of bad) expect(codes(h.block((run) => run(PAY, payMsg(over))))).toEqual(["payforquery/18"]);
    expect(h.pay.peekNextQueryId(h.env.ctx())).toBe(1n);
    expect(h.env.bank.balances.get(USER)).toBe(before);
    expect(h.block((run) => run(PAY, payMsg()))).toEqual([]);
    const escrow = h.pay.getEscrow(h.env.ctx(), 1n)!;
    expect(BigInt(escrow.amount!.amount)).toBe(fee.total);
    expect(escrow.fee).toEqual(e);
    const q = h.inference.query(h.env.ctx(), 1n)!;
    expect([q.inputTokens, q.maxNewTokens, q.stopTokenId, q.generatedTokens]).toEqual([10, 16, 5, 0]);
    expect(h.env.bank.balances.get(USER)).toBe(before - fee.total);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("pays the agreed generated length and refunds the unearned tokens, to the unes", () => {
    const h = setup();
    const before = new Map([...h.env.bank.balances]);
    const g = runGeneration(h, () => ({ honest: true, tokens: 6 }));
    const events = h.env.events.length;
    g.revealAll();
    const q = h.inference.query(h.env.ctx(), g.id)!;
    expect(q.status).toBe(QueryStatus.QUERY_STATUS_FINALIZED);
    expect([q.generatedTokens, q.verdict?.generatedTokens]).toEqual([6, 6]);
    expect(q.verdict?.resultDigest).toEqual(g.outs.find((o) => o.s.shard === S - 1 && o.s.replica === 0)!.out.outputDigest);
    const fin = h.env.events.slice(events).find((e) => e.type === "nesa.inference.v1.EventQueryFinalized")!;
    expect(JSON.parse(fin.attributes.find((a) => a.key === "generated_tokens")!.value)).toBe(6);
    const tokens = { inputTokens: 10, maxNewTokens: 16, ...GEN };
    const fee = computeFee({ baseFee: 1000n, perByteFee: 1n, inputBytes: 200n, price: PRICE, shards: S, replicas: R, tokens });
    const s = computeSettlement(fee, S * R, S * R, 100_000, { ...tokens, replicas: R, generatedTokens: 6 });
    expect(s.refund).toBe((16n - 6n) * 7n * 3n);
    // seat value = price + (10 × 3 + 6 × 7) × 3 / 6 seats = 100 + 36; 10 % to the owner
    expect(s.perSeat).toBe((136n * 6n - (136n * 6n) / 10n) / 6n);
    for (const m of MINERS) expect(h.env.bank.balances.get(m)! - before.get(m)!).toBe(s.perSeat);
    expect(h.env.bank.balances.get(OWNER) ?? 0n).toBe(s.owner);
    expect(before.get(USER)! - h.env.bank.balances.get(USER)!).toBe(fee.total - s.refund);
    expect(h.env.bank.balances.get("module:distribution")).toBe(s.communityPool);
    const e = h.pay.getEscrow(h.env.ctx(), g.id)!;
    expect([e.status, e.generatedTokens, e.refunded?.amount]).toEqual([EscrowStatus.ESCROW_STATUS_SETTLED, 6, String(s.refund)]);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("outvotes a replica with a different token digest, and one with a different output_tokens (R = 3)", () => {
    // a different token sequence of the same length; the same sequence (digest) reported as 5 tokens
    for (const liar of [{ honest: false, tokens: 6 }, { honest: true, tokens: 6, claim: 5 }]) {
      const h = setup();
      const g = runGeneration(h, (s, r) => (s === S - 1 && r === 1 ? liar : { honest: true, tokens: 6 }));
      g.revealAll();
      const q = h.inference.query(h.env.ctx(), g.id)!;
      expect([q.status, q.generatedTokens]).toEqual([QueryStatus.QUERY_STATUS_FINALIZED, 6]);
      const odd = q.seats.find((s) => s.shard === S - 1 && s.replica === 1)!.miner;
      expect(q.verdict!.seats.filter((s) => s.outcome !== SeatOutcome.SEAT_OUTCOME_AGREED).map((s) => [s.miner, s.outcome])).toEqual([[odd, SeatOutcome.SEAT_OUTCOME_DISAGREED]]);
      expect(h.staking.getMiner(h.env.ctx(), odd)!.jailed).toBe(true);
      // 5 seats paid for 6 tokens; the outvoted seat's value and the 10 unearned tokens per replica go back
      const e = h.pay.getEscrow(h.env.ctx(), g.id)!;
      expect(e.minerPayouts).toHaveLength(5);
      expect(BigInt(e.refunded!.amount)).toBe(136n + 10n * 7n * 3n);
      expect(h.invariantFailures()).toEqual([]);
    }
  });

  it("rejects reveals with bad output_tokens (inference/22) without storing them", () => {
    const h = setup();
    const g = runGeneration(h, () => ({ honest: true, tokens: 6 }));
    const last = g.outs.find((o) => o.s.shard === S - 1)!;
    const first = g.outs.find((o) => o.s.shard === 0)!;
    const errs = h.block((run) => {
      run(`${T}MsgRevealResult`, g.reveal(last, { outputTokens: 17 })); // above max_new_tokens
      run(`${T}MsgRevealResult`, g.reveal(last, { outputTokens: 0 }));
      run(`${T}MsgRevealResult`, g.reveal(first, { outputTokens: 3 })); // not the final shard
      run(`${T}MsgRevealResult`, g.reveal(last, { outputIsInteger: false })); // token ids are integers
    });
    expect(codes(errs)).toEqual(["inference/22", "inference/22", "inference/22", "inference/22"]);
    expect(h.inference.fullQuery(h.env.ctx(), g.id)!.reveals).toHaveLength(0);
  });

  it("without stop_token_id every final seat must report max_new_tokens", () => {
    const h = setup();
    const g = runGeneration(h, () => ({ honest: true, tokens: 16 }), payMsg({ stopTokenId: undefined }));
    const last = g.outs.find((o) => o.s.shard === S - 1)!;
    const errs = h.block((run) => run(`${T}MsgRevealResult`, g.reveal(last, { outputTokens: 15 })));
    expect(codes(errs)).toEqual(["inference/22"]);
    expect(String(errs[0])).toMatch(/no stop_token_id/);
    g.revealAll();
    const q = h.inference.query(h.env.ctx(), g.id)!;
    expect([q.status, q.generatedTokens, h.pay.getEscrow(h.env.ctx(), g.id)!.refunded?.amount]).toEqual([QueryStatus.QUERY_STATUS_FINALIZED, 16, "0"]);
    expect(h.invariantFailures()).toEqual([]);
  });
});
