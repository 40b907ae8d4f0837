// The per-model earnings counter (`nesa models show`): written at settlement, queryable, checked by an invariant,
// carried through genesis.
import { describe, expect, it } from "vitest";
import { address, protocolHarness } from "../../sim/protocol-harness";
import { registerModel } from "../../sim/msgs";
import { MsgRegisterModel } from "../inference/proto";
import { exportGenesis, validateGenesis } from "./genesis";
import { QueryModelEarningsRequest, QueryModelEarningsResponse } from "./proto";

const OWNER = address(70);
const USER = address(71);
const MINERS = [address(72), address(73), address(74)];
const PAY = "/nesa.payforquery.v1.MsgPayForQuery";
const pay = () => ({ sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 100n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "1000000" }, timeoutBlocks: 0n });

function setup() {
  const h = protocolHarness();
  h.env.bank.mint(USER, 100_000n);
  h.block((run) => run("/nesa.inference.v1.MsgRegisterModel", MsgRegisterModel.decode(registerModel(OWNER, "m", 3, 700n).value)));
  const query = (modelId: string) => {
    const handler = h.modules.find((m) => m.name === "payforquery")!.queryHandlers["/nesa.payforquery.v1.Query/ModelEarnings"];
    return QueryModelEarningsResponse.decode(handler(h.env.ctx(), QueryModelEarningsRequest.encode({ modelId }).finish())).earnings!;
  };
  const settleOne = (agreeing: number) => {
    h.block((run) => run(PAY, pay()));
    const id = h.pay.peekNextQueryId(h.env.ctx()) - 1n;
    const e = h.pay.settle(h.env.ctx(), id, MINERS.slice(0, agreeing).map((miner) => ({ miner, commitDelay: 0n })), 3);
    h.block();
    return BigInt(e.ownerPayout!.amount);
  };
  // Settling straight through the keeper skips x/inference's verdict (its query stays PAID), so only this module's
  // invariants apply here; the e2e (publish.e2e.test.ts) settles through real verdicts and reads the counter.
  const pfq = h.modules.find((m) => m.name === "payforquery")!;
  const failures = () => pfq.invariants.map((i) => i.check(h.env.ctx())).filter((x) => x !== undefined);
  return { h, query, settleOne, failures };
}

describe("per-model owner earnings", () => {
  it("adds each settlement's owner payout to the model's counter, as the owner's balance grows", () => {
    const { h, query, settleOne, failures } = setup();
    expect(query("m")).toMatchObject({ modelId: "m", ownerEarned: { denom: "unes", amount: "0" }, settledQueries: 0n });
    expect(failures()).toEqual([]);
    const first = settleOne(3);
    const second = settleOne(2);
    expect(first).toBeGreaterThan(0n);
    expect(second).toBeLessThan(first); // a seat that did not agree earns nobody anything
    expect(query("m")).toMatchObject({ ownerEarned: { amount: String(first + second) }, settledQueries: 2n });
    expect(h.env.bank.balances.get(OWNER)).toBe(first + second);
    expect(failures()).toEqual([]);
    // A refund is not a settlement: the counter does not move.
    h.block((run) => run(PAY, pay()));
    h.pay.refund(h.env.ctx(), h.pay.peekNextQueryId(h.env.ctx()) - 1n);
    expect(query("m").settledQueries).toBe(2n);
    expect(failures()).toEqual([]);
  });

  it("refuses an id that was never registered with payforquery's model-not-found", () => {
    const { query } = setup();
    expect(() => query("nope")).toThrow(expect.objectContaining({ codespace: "payforquery", code: 3 }));
  });

  it("the invariant catches a counter that disagrees with the settled escrows", () => {
    const { h, settleOne, failures } = setup();
    settleOne(3);
    expect(failures()).toEqual([]);
    const m = h.pay.modelEarnings(h.env.ctx(), "m");
    h.pay.setModelEarnings(h.env.ctx(), { ...m, ownerEarned: { denom: "unes", amount: String(BigInt(m.ownerEarned!.amount) + 1n) } });
    expect(failures().join()).toMatch(/model m records \d+unes over 1 settled queries; its settled escrows paid its owner \d+unes over 1/);
  });

  it("the invariant sees an escrow paid and settled between two checks", () => {
    const { settleOne, failures } = setup();
    expect(failures()).toEqual([]);
    settleOne(3);
    settleOne(1);
    expect(failures()).toEqual([]);
  });

  it("genesis carries the counters; a genesis whose counters disagree with its escrows is refused", () => {
    const { h, settleOne } = setup();
    settleOne(3);
    const g = exportGenesis(h.pay, h.env.ctx());
    expect(g.modelEarnings).toHaveLength(1);
    expect(() => validateGenesis(g)).not.toThrow();
    expect(() => validateGenesis({ ...g, modelEarnings: [] })).not.toThrow(); // older export: derived at import
    const wrong = { ...g, modelEarnings: [{ ...g.modelEarnings[0], settledQueries: 5n }] };
    expect(() => validateGenesis(wrong)).toThrow(/model_earnings\[0\] \(m\) is not the sum/);
  });
});
