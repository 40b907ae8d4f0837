import { describe, expect, it } from "vitest";
import { address, protocolHarness } from "../../sim/protocol-harness";
import { registerModel } from "../../sim/msgs";
import { MsgRegisterModel } from "../inference/proto";
import { EscrowStatus, QueryEstimateFeeRequest, QueryEstimateFeeResponse } from "./proto";

const OWNER = address(60);
const USER = address(61);
const PAY = "/nesa.payforquery.v1.MsgPayForQuery";
const pay = (over: Record<string, unknown> = {}) => ({ sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 100n, replicas: 2, privacy: 1, maxFee: { denom: "unes", amount: "1000000" }, timeoutBlocks: 0n, ...over });

function setup() {
  const h = protocolHarness();
  h.env.bank.mint(USER, 50_000n);
  h.block((run) => run("/nesa.inference.v1.MsgRegisterModel", MsgRegisterModel.decode(registerModel(OWNER, "m", 3, 700n).value)));
  return h;
}

describe("MsgPayForQuery", () => {
  it("escrows exactly the fee EstimateFee quotes and opens the query", () => {
    const h = setup();
    const q = h.pay.params(h.env.ctx());
    const estimate = QueryEstimateFeeResponse.decode(
      h.modules.find((m) => m.name === "payforquery")!.queryHandlers["/nesa.payforquery.v1.Query/EstimateFee"](h.env.ctx(), QueryEstimateFeeRequest.encode({ modelId: "m", inputBytes: 100n, replicas: 2, privacy: 0, inputTokens: 0, maxNewTokens: 0 }).finish()),
    ).fee!;
    const total = BigInt(q.baseFee!.amount) + 100n * BigInt(q.perByteFee!.amount) + 700n * 3n * 2n;
    expect(BigInt(estimate.total!.amount)).toBe(total);
    expect(h.block((run) => run(PAY, pay()))).toEqual([]);
    const e = h.pay.getEscrow(h.env.ctx(), 1n)!;
    expect(e.status).toBe(EscrowStatus.ESCROW_STATUS_OPEN);
    expect(BigInt(e.amount!.amount)).toBe(total);
    expect(e.timeoutHeight).toBe(h.env.height() + q.defaultTimeoutBlocks);
    expect(h.env.bank.balances.get("module:payforquery")).toBe(total);
    expect(h.env.bank.balances.get(USER)).toBe(50_000n - total);
    expect(h.invariantFailures()).toEqual([]);
  });

  it("rejects each bad field with its registered error and leaves no trace", () => {
    const h = setup();
    const cases: [Record<string, unknown>, number][] = [
      [{ sender: "cosmos1xyz" }, 2],
      [{ modelId: "nope" }, 3],
      [{ inputCommitment: new Uint8Array(31) }, 5],
      [{ inputBytes: 0n }, 17],
      [{ replicas: 0 }, 7],
      [{ replicas: 99 }, 7],
      [{ privacy: 0 }, 8],
      [{ timeoutBlocks: 3n }, 9],
      [{ maxFee: { denom: "uatom", amount: "5" } }, 11],
      [{ maxFee: { denom: "unes", amount: "10" } }, 10],
    ];
    for (const [over, code] of cases) {
      const errs = h.block((run) => run(PAY, pay(over)));
      expect([errs.length, (errs[0] as { codespace: string }).codespace, (errs[0] as { code: number }).code]).toEqual([1, "payforquery", code]);
    }
    h.env.bank.balances.set(USER, 10n);
    expect((h.block((run) => run(PAY, pay()))[0] as { code: number }).code).toBe(12);
    expect(h.pay.peekNextQueryId(h.env.ctx())).toBe(1n);
    expect(h.env.bank.balances.get("module:payforquery") ?? 0n).toBe(0n);
  });

  it("the accounting invariant checks each escrow once it closes: payouts must add up to its fee", () => {
    const h = setup();
    h.block((run) => run(PAY, pay()));
    expect(h.invariantFailures()).toEqual([]); // escrow 1 seen open
    const e = h.pay.refund(h.env.ctx(), 1n);
    h.pay.setEscrow(h.env.ctx(), { ...e, refunded: { denom: "unes", amount: String(BigInt(e.refunded!.amount) - 1n) } });
    expect(h.invariantFailures().join()).toMatch(/closed escrow 1 paid out \d+unes of its \d+unes fee/);
  });

  it("the escrow invariant catches an unbacked escrow", () => {
    const h = setup();
    h.block((run) => run(PAY, pay()));
    h.env.bank.balances.set("module:payforquery", 1n);
    expect(h.invariantFailures().join()).toMatch(/escrow account holds 1unes/);
  });
});
