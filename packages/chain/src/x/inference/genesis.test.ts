import { describe, expect, it } from "vitest";
import { address, commitmentFor, encryptionKey, protocolHarness, seatOutput } from "../../sim/protocol-harness";
import { registerModel } from "../../sim/msgs";
import { MsgRegisterModel } from "./proto";

const MINERS = Array.from({ length: 6 }, (_, i) => address(i));
const OWNER = address(50);
const USER = address(51);

function populated() {
  const h = protocolHarness();
  for (const a of [OWNER, USER, ...MINERS]) h.env.bank.mint(a, 100_000_000n);
  h.block((run) => {
    run("/nesa.inference.v1.MsgRegisterModel", MsgRegisterModel.decode(registerModel(OWNER, "m", 2, 1_000n).value));
    run("/nesa.inference.v1.MsgRegisterModel", MsgRegisterModel.decode(registerModel(OWNER, "g", 1, 10n, true, { inputPrice: 1n, outputPrice: 2n, contextLength: 32 }).value));
    MINERS.forEach((op, i) => {
      run("/nesa.stakingext.v1.MsgRegisterMiner", { operator: op, encryptionPubkey: encryptionKey(i), models: ["m", "g"], capacity: undefined, stake: { denom: "unes", amount: "3000000" } });
    });
  });
  const pay = () => ({ sender: USER, modelId: "m", inputCommitment: new Uint8Array(32).fill(1), inputBytes: 10n, replicas: 3, privacy: 1, maxFee: { denom: "unes", amount: "1000000" }, timeoutBlocks: 0n });
  h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", pay()));
  h.block((run) => run("/nesa.payforquery.v1.MsgPayForQuery", pay())); // query 1 assigned here; query 2 paid
  const q1 = h.inference.query(h.env.ctx(), 1n)!;
  h.block((run) => {
    for (const s of q1.seats.slice(0, 2)) {
      run("/nesa.inference.v1.MsgCommitResult", { miner: s.miner, queryId: 1n, shard: s.shard, replica: s.replica, commitment: commitmentFor(1n, s.shard, s.replica, s.miner, seatOutput(1n, s.shard, s.replica, true)) });
    }
    run("/nesa.stakingext.v1.MsgUnbond", { operator: MINERS[0], amount: { denom: "unes", amount: "1000" } });
    // a generator query (id 3): its lengths and stop id travel through genesis too
    run("/nesa.payforquery.v1.MsgPayForQuery", { ...pay(), modelId: "g", inputTokens: 4, maxNewTokens: 8, stopTokenId: 0 });
  });
  return h;
}

describe("genesis export / import", () => {
  it("round-trips the protocol state, open queries and their deadlines included", () => {
    const a = populated();
    const exported = Object.fromEntries(a.modules.map((m) => [m.name, m.exportGenesis(a.env.ctx())]));
    const b = protocolHarness();
    for (const [addr, v] of a.env.bank.balances) b.env.bank.balances.set(addr, v);
    b.env.setHeight(a.env.height());
    for (const m of b.modules) {
      m.validateGenesis(exported[m.name]);
      m.initGenesis(b.env.ctx(), exported[m.name]);
    }
    const again = Object.fromEntries(b.modules.map((m) => [m.name, m.exportGenesis(b.env.ctx())]));
    expect(JSON.stringify(again)).toBe(JSON.stringify(exported));
    expect(b.invariantFailures()).toEqual([]);
    // The imported chain carries on: the open query reaches its deadline and a verdict there too.
    for (let i = 0; i < 30; i++) {
      a.block();
      b.block();
    }
    expect(b.inference.query(b.env.ctx(), 1n)!.status).toBe(a.inference.query(a.env.ctx(), 1n)!.status);
    expect(b.inference.query(b.env.ctx(), 1n)!.verdict).toBeDefined();
    expect(b.inference.query(b.env.ctx(), 3n)).toMatchObject({ inputTokens: 4, maxNewTokens: 8, stopTokenId: 0 });
    expect(b.staking.getMiner(b.env.ctx(), MINERS[0])!.unbonding).toEqual(a.staking.getMiner(a.env.ctx(), MINERS[0])!.unbonding);
  });

  it("rejects an invalid genesis naming the problem", () => {
    const h = protocolHarness();
    const inf = h.modules.find((m) => m.name === "inference")!;
    const g = inf.defaultGenesis() as Record<string, unknown>;
    expect(() => inf.validateGenesis({ ...g, params: { ...(g.params as object), commitBlocks: "0" } })).toThrow(/commit_blocks/);
    const pay = h.modules.find((m) => m.name === "payforquery")!;
    expect(() => pay.validateGenesis({ ...(pay.defaultGenesis() as object), nextQueryId: "0" })).toThrow(/next_query_id/);
  });
});
