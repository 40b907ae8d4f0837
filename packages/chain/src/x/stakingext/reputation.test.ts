import { toBech32 } from "@cosmjs/encoding";
import { committeeWeight } from "@nesa/crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import type { MsgHandler } from "../../app/module";
import { fakeEnv } from "../../sim/fake-env";
import { ErrInvalidParams } from "./errors";
import { createStakingExtModule } from "./module";
import { defaultParams, validateParams } from "./params";
import { type Miner, SlashReason } from "./proto";
import { nextReputation, reputationOf } from "./reputation";
import { punishMissed, punishWrongResult } from "./slashing";

const OP = toBech32("nesa", new Uint8Array(20).fill(7));
const P = defaultParams();

function setup() {
  const env = fakeEnv();
  const { module, keeper } = createStakingExtModule(env.bank, "nesa1gov");
  keeper.setModelRegistry({ getModel: (_c, id) => ({ id, owner: "o", price: 1n, shards: 1, hss: false, minReplicas: 1, deprecated: false }) });
  module.initGenesis(env.ctx(), module.defaultGenesis());
  env.bank.mint(OP, 10_000_000n);
  const h = module.msgHandlers.find((x) => x.typeUrl.endsWith("MsgRegisterMiner")) as MsgHandler<any>;
  const pub = secp256k1.getPublicKey(new Uint8Array(32).fill(3), true);
  h.handle(env.ctx(), { operator: OP, encryptionPubkey: pub, models: ["m"], capacity: { memoryMb: 1n, maxBatch: 1 }, stake: { denom: "unes", amount: "2000000" } });
  return { env, keeper, invariants: () => module.invariants.map((i) => i.check(env.ctx())).filter(Boolean) };
}

describe("reputation (R' = R · 0.8^M · 1.01^(1−M), clamped, ppm)", () => {
  it("follows the rule exactly, rounding down, inside [r_min, r_max]", () => {
    expect(nextReputation(1_000_000n, P, false)).toBe(1_010_000n);
    expect(nextReputation(1_000_000n, P, true)).toBe(800_000n);
    expect(nextReputation(1_010_000n, P, false)).toBe(1_020_100n);
    expect(nextReputation(123_457n, P, true)).toBe(P.reputationMin); // 98_765 < 0.1
    expect(nextReputation(1_999_000n, P, false)).toBe(P.reputationMax);
    let r = P.reputationInitial;
    for (let i = 0; i < 3; i++) r = nextReputation(r, P, true);
    expect(r).toBe(512_000n);
  });

  it("starts at reputation_initial, falls on a wrong or missed seat, rises on an agreeing one, and the draw weight follows", () => {
    const { env, keeper, invariants } = setup();
    const weight = () => keeper.eligibleMiners(env.ctx(), "m")[0]?.weight;
    expect(keeper.getMiner(env.ctx(), OP)?.reputation).toBe(1_000_000n);
    expect(weight()).toBe(2_000_000n);
    keeper.recordServed(env.ctx(), OP, 1n);
    expect(keeper.getMiner(env.ctx(), OP)?.reputation).toBe(1_010_000n);
    expect(weight()).toBe(committeeWeight(2_000_000n, 1_010_000n));
    punishMissed(keeper, env.ctx(), OP, SlashReason.SLASH_REASON_MISSED_COMMIT, 2n);
    const m = keeper.getMiner(env.ctx(), OP) as Miner;
    expect(m.reputation).toBe(808_000n);
    expect(weight()).toBe(committeeWeight(1_980_000n, 808_000n)); // 1 % slashed, × 0.808
    punishWrongResult(keeper, env.ctx(), OP, 3n);
    expect(keeper.getMiner(env.ctx(), OP)?.reputation).toBe(646_400n);
    expect(weight()).toBeUndefined(); // jailed: not eligible at all
    const events = env.events.filter((e) => e.type === "nesa.stakingext.v1.EventReputationUpdated");
    expect(events.map((e) => e.attributes.find((a) => a.key === "reputation")?.value)).toEqual(['"1010000"', '"808000"', '"646400"']);
    expect(invariants()).toEqual([]);
  });

  it("reads a record without reputation (0) as reputation_initial, and clamps to the current bounds", () => {
    const m = { reputation: 0n } as Miner;
    expect(reputationOf(m, P)).toBe(P.reputationInitial);
    expect(reputationOf({ reputation: 5_000_000n } as Miner, P)).toBe(P.reputationMax);
  });

  it("validates the reputation params, naming the field", () => {
    const bad = (over: object, field: string) => expect(() => validateParams({ ...P, ...over })).toThrow(expect.objectContaining({ code: ErrInvalidParams.code, message: expect.stringContaining(field) }));
    bad({ reputationMin: 0n }, "reputation_min");
    bad({ reputationMax: 50_000n }, "reputation_max");
    bad({ reputationInitial: 3_000_000n }, "reputation_initial");
    bad({ reputationPenalty: 1_000_001 }, "reputation_penalty");
    bad({ reputationReward: 999_999 }, "reputation_reward");
    expect(() => validateParams(P)).not.toThrow();
  });
});
