import { toBech32 } from "@cosmjs/encoding";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import type { MsgHandler } from "../../app/module";
import { fakeEnv } from "../../sim/fake-env";
import { ErrInsufficientBonded, ErrInvalidModels, ErrInvalidPubkey, ErrJailPeriod, ErrMinerExists } from "./errors";
import type { ModelInfo } from "./expected-keepers";
import { createStakingExtModule } from "./module";
import { defaultParams } from "./params";
import { MinerStatus, QueryMinersRequest, QueryMinersResponse, SlashReason } from "./proto";
import { punishMissed, punishWrongResult } from "./slashing";

const OPS = [1, 2, 3].map((i) => toBech32("nesa", new Uint8Array(20).fill(i)));
const pub = (i: number) => secp256k1.getPublicKey(Uint8Array.from({ length: 32 }, (_, j) => (j === 31 ? i + 1 : 0)), true);

function setup() {
  const env = fakeEnv();
  const { module, keeper } = createStakingExtModule(env.bank, "nesa1gov");
  const models = new Map<string, ModelInfo>([
    ["m1", { id: "m1", owner: "o", price: 10n, shards: 2, hss: false, minReplicas: 1, deprecated: false }],
    ["old", { id: "old", owner: "o", price: 10n, shards: 1, hss: false, minReplicas: 1, deprecated: true }],
  ]);
  keeper.setModelRegistry({ getModel: (_c, id) => models.get(id) });
  module.initGenesis(env.ctx(), module.defaultGenesis());
  for (const op of OPS) env.bank.mint(op, 10_000_000n);
  const handler = (name: string) => module.msgHandlers.find((h) => h.typeUrl.endsWith(name)) as MsgHandler<any>;
  const run = (name: string, msg: any) => handler(name).handle(env.ctx(), msg);
  const register = (i: number, stake = 2_000_000n) =>
    run("MsgRegisterMiner", { operator: OPS[i], encryptionPubkey: pub(i), models: ["m1"], capacity: { memoryMb: 1024n, maxBatch: 1 }, stake: { denom: "unes", amount: String(stake) } });
  const checkInvariants = () => module.invariants.map((inv) => inv.check(env.ctx())).filter(Boolean);
  return { env, module, keeper, run, register, checkInvariants };
}

describe("x/staking-ext", () => {
  it("registers a miner, bonds its stake and indexes it under its models", () => {
    const { env, keeper, register, checkInvariants } = setup();
    register(0);
    const m = keeper.getMiner(env.ctx(), OPS[0]);
    expect(m?.bonded?.amount).toBe("2000000");
    expect(m?.status).toBe(MinerStatus.MINER_STATUS_ACTIVE);
    expect(env.bank.balance(env.ctx(), OPS[0])).toBe(8_000_000n);
    expect(env.bank.balance(env.ctx(), "module:stakingext")).toBe(2_000_000n);
    expect(keeper.eligibleMiners(env.ctx(), "m1")).toEqual([{ address: OPS[0], weight: 2_000_000n, stake: 2_000_000n, reputation: 1_000_000n }]);
    expect(checkInvariants()).toEqual([]);
    expect(() => register(0)).toThrow(expect.objectContaining({ code: ErrMinerExists.code }));
  });

  it("rejects a bad pubkey, unknown or deprecated models", () => {
    const { run } = setup();
    const base = { operator: OPS[1], encryptionPubkey: pub(1), models: ["m1"], capacity: undefined, stake: { denom: "unes", amount: "5" } };
    expect(() => run("MsgRegisterMiner", { ...base, encryptionPubkey: Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)) })).toThrow(/encryption_pubkey/);
    expect(() => run("MsgRegisterMiner", { ...base, encryptionPubkey: new Uint8Array(32) })).toThrow(expect.objectContaining({ codespace: "stakingext", code: ErrInvalidPubkey.code }));
    expect(() => run("MsgRegisterMiner", { ...base, models: ["nope"] })).toThrow(expect.objectContaining({ code: ErrInvalidModels.code }));
    expect(() => run("MsgRegisterMiner", { ...base, models: ["old"] })).toThrow(/deprecated/);
    expect(() => run("MsgRegisterMiner", { ...base, stake: { denom: "uatom", amount: "5" } })).toThrow(/stake denom/);
  });

  it("marks a miner below min_stake inactive and excludes it from seats", () => {
    const { env, keeper, register } = setup();
    register(0, 999_999n);
    expect(keeper.getMiner(env.ctx(), OPS[0])?.status).toBe(MinerStatus.MINER_STATUS_INACTIVE);
    expect(keeper.eligibleMiners(env.ctx(), "m1")).toEqual([]);
  });

  it("pays an unbonding entry after unbonding_blocks, minus a slash taken while unbonding", () => {
    const { env, module, keeper, run, register, checkInvariants } = setup();
    register(0);
    const res = run("MsgUnbond", { operator: OPS[0], amount: { denom: "unes", amount: "1000000" } });
    expect(res.typeUrl).toBe("/nesa.stakingext.v1.MsgUnbondResponse");
    expect(() => run("MsgUnbond", { operator: OPS[0], amount: { denom: "unes", amount: "1000001" } })).toThrow(
      expect.objectContaining({ code: ErrInsufficientBonded.code }),
    );
    const completion = 1n + defaultParams().unbondingBlocks;
    env.setHeight(10n);
    const burned = punishWrongResult(keeper, env.ctx(), OPS[0], 7n); // 10 % of 1,000,000 bonded + 10 % of 1,000,000 unbonding
    expect(burned).toBe(200_000n);
    expect(env.bank.burned).toBe(200_000n);
    expect(checkInvariants()).toEqual([]);
    env.setHeight(completion - 1n);
    module.endBlock?.(env.ctx());
    expect(env.bank.balance(env.ctx(), OPS[0])).toBe(8_000_000n);
    env.setHeight(completion);
    module.endBlock?.(env.ctx());
    expect(env.bank.balance(env.ctx(), OPS[0])).toBe(8_900_000n);
    expect(keeper.getMiner(env.ctx(), OPS[0])?.unbonding).toEqual([]);
    expect(env.bank.balance(env.ctx(), "module:stakingext")).toBe(900_000n);
    expect(checkInvariants()).toEqual([]);
  });

  it("jails after max_missed misses in the window and unjails only after jail_blocks", () => {
    const { env, keeper, run, register } = setup();
    register(0);
    const p = defaultParams();
    for (let i = 0; i < p.maxMissed; i++) punishMissed(keeper, env.ctx(), OPS[0], SlashReason.SLASH_REASON_MISSED_COMMIT, BigInt(i));
    const m = keeper.getMiner(env.ctx(), OPS[0]);
    expect(m?.jailed).toBe(true);
    expect(m?.status).toBe(MinerStatus.MINER_STATUS_JAILED);
    expect(keeper.eligibleMiners(env.ctx(), "m1")).toEqual([]);
    // 1 % five times, compounding on the remaining stake
    let expected = 2_000_000n;
    for (let i = 0; i < p.maxMissed; i++) expected -= (expected * 10_000n) / 1_000_000n;
    expect(m?.bonded?.amount).toBe(expected.toString());
    expect(() => run("MsgUnjail", { operator: OPS[0] })).toThrow(expect.objectContaining({ code: ErrJailPeriod.code }));
    env.setHeight(1n + p.jailBlocks);
    run("MsgUnjail", { operator: OPS[0] });
    expect(keeper.getMiner(env.ctx(), OPS[0])?.status).toBe(MinerStatus.MINER_STATUS_ACTIVE);
  });

  it("does not jail for misses spread over separate windows", () => {
    const { env, keeper, register } = setup();
    register(0);
    const p = defaultParams();
    for (let i = 0; i < p.maxMissed; i++) {
      env.setHeight(1n + BigInt(i) * p.missedWindow);
      punishMissed(keeper, env.ctx(), OPS[0], SlashReason.SLASH_REASON_MISSED_REVEAL, 1n);
    }
    expect(keeper.getMiner(env.ctx(), OPS[0])?.jailed).toBe(false);
  });

  it("lists miners by model with key pagination and moves the index on MsgUpdateMiner", () => {
    const { env, module, run, register } = setup();
    for (let i = 0; i < 3; i++) register(i);
    const q = module.queryHandlers["/nesa.stakingext.v1.Query/Miners"];
    const page1 = QueryMinersResponse.decode(q(env.ctx(), QueryMinersRequest.encode({ modelId: "m1", status: 0, pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: true, reverse: false } }).finish()));
    expect(page1.miners.map((m) => m.operator)).toEqual([...OPS].sort().slice(0, 2));
    expect(page1.pagination?.total).toBe(3n);
    const page2 = QueryMinersResponse.decode(q(env.ctx(), QueryMinersRequest.encode({ modelId: "m1", status: 0, pagination: { key: page1.pagination!.nextKey, offset: 0n, limit: 2n, countTotal: false, reverse: false } }).finish()));
    expect(page2.miners.map((m) => m.operator)).toEqual([...OPS].sort().slice(2));
    run("MsgUpdateMiner", { operator: OPS[0], encryptionPubkey: new Uint8Array(), models: [], capacity: { memoryMb: 1n, maxBatch: 2 } });
    expect(QueryMinersResponse.decode(q(env.ctx(), QueryMinersRequest.encode({ modelId: "m1", status: 0, pagination: undefined }).finish())).miners).toHaveLength(3);
  });

  it("the module-account invariant catches stake that is not backed", () => {
    const { env, register, checkInvariants } = setup();
    register(0);
    env.bank.mint("module:stakingext", 1n);
    expect(checkInvariants()[0]).toMatch(/2000001unes.*2000000unes/);
  });
});
