import { toBech32 } from "@cosmjs/encoding";
import { Params, ProposalStatus, VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import { describe, expect, it } from "vitest";
import type { MsgHandler } from "../../app/module";
import { fakeEnv } from "../../sim/fake-env";
import { ErrInactiveProposal, ErrInvalidSigner, ErrInvalidVote, ErrMinDepositTooSmall, ErrUnroutableProposalMsg } from "./errors";
import { createGovModule } from "./module";
import { defaultParams } from "./params";

const GOV = "module:gov";
const [A, B, C, M] = [1, 2, 3, 4].map((i) => toBech32("nesa", new Uint8Array(20).fill(i)));
const te = new TextEncoder();

function setup() {
  const env = fakeEnv();
  const bonded = new Map<string, bigint>([[M, 400n]]);
  const { module, keeper } = createGovModule({
    bank: env.bank,
    blockedAddresses: () => [GOV, "module:stakingext", "module:distribution"],
    bondedOf: (_c, a) => bonded.get(a) ?? 0n,
    totalBonded: () => [...bonded.values()].reduce((s, v) => s + v, 0n),
  });
  // A stand-in for a module's MsgUpdateParams: writes its payload under "test", or fails on "boom".
  const setter: MsgHandler<{ authority: string; value: string }> = {
    typeUrl: "/test.v1.MsgSet",
    decode: (b) => JSON.parse(new TextDecoder().decode(b)),
    signers: (m) => [m.authority],
    handle: (ctx, m) => {
      ctx.kvStore("test").set(Uint8Array.of(1), te.encode(m.value));
      if (m.value === "boom") throw new Error("boom");
      return { typeUrl: "/test.v1.MsgSetResponse", value: new Uint8Array() };
    },
  };
  module.setMsgRoutes?.(new Map([[setter.typeUrl, setter as MsgHandler]]));
  const params = { ...defaultParams(), minDeposit: [{ denom: "unes", amount: "1000" }], maxDepositPeriod: { seconds: 5n, nanos: 0 }, votingPeriod: { seconds: 5n, nanos: 0 }, expeditedVotingPeriod: { seconds: 2n, nanos: 0 } };
  module.initGenesis(env.ctx(), { ...module.defaultGenesis(), params: Params.toJSON(params) });
  for (const a of [A, B, C]) env.bank.mint(a, 10_000n);
  env.bank.mint(M, 100n);
  env.bank.mint("module:stakingext", 400n);
  const h = (name: string) => module.msgHandlers.find((x) => x.typeUrl === name) as MsgHandler<any>;
  const run = (name: string, msg: any) => h(`/cosmos.gov.v1.${name}`).handle(env.ctx(), msg);
  const setMsg = (value: string, authority = keeper.authority) => ({ typeUrl: setter.typeUrl, value: te.encode(JSON.stringify({ authority, value })) });
  const submit = (deposit: bigint, messages = [setMsg("new")]): bigint => {
    const id = keeper.nextProposalId(env.ctx());
    run("MsgSubmitProposal", { messages, initialDeposit: deposit ? [{ denom: "unes", amount: String(deposit) }] : [], proposer: A, metadata: "", title: "t", summary: "s", expedited: false });
    return id;
  };
  const vote = (voter: string, option: VoteOption, id = 1n) => run("MsgVote", { proposalId: id, voter, option, metadata: "" });
  const endBlocks = (to: bigint) => {
    for (let x = env.height(); x <= to; x++) {
      env.setHeight(x);
      module.endBlock?.(env.ctx());
    }
  };
  const invariants = () => module.invariants.map((i) => i.check(env.ctx())).filter(Boolean);
  const stored = () => new TextDecoder().decode(env.ctx().kvStore("test").get(Uint8Array.of(1)) ?? new Uint8Array());
  return { env, keeper, run, submit, vote, endBlocks, invariants, stored, setMsg };
}

describe("x/gov", () => {
  it("deposit period → voting → PASSED: the msgs run as the gov account, deposits come back", () => {
    const { env, keeper, run, submit, vote, endBlocks, invariants, stored } = setup();
    const id = submit(600n);
    expect(keeper.getProposal(env.ctx(), id)?.status).toBe(ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD);
    run("MsgDeposit", { proposalId: id, depositor: B, amount: [{ denom: "unes", amount: "400" }] });
    expect(keeper.getProposal(env.ctx(), id)?.status).toBe(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);
    expect(env.bank.balance(env.ctx(), GOV)).toBe(1000n);
    vote(A, VoteOption.VOTE_OPTION_YES);
    vote(B, VoteOption.VOTE_OPTION_YES);
    vote(M, VoteOption.VOTE_OPTION_NO);
    expect(invariants()).toEqual([]);
    endBlocks(env.height() + 5n);
    const p = keeper.getProposal(env.ctx(), id)!;
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    // At the tally (before the refunds) A and B held 9,400 and 9,600; M 100 liquid + 400 bonded.
    expect(p.finalTallyResult).toEqual({ yesCount: "19000", abstainCount: "0", noCount: "500", noWithVetoCount: "0" });
    expect(stored()).toBe("new");
    expect(env.bank.balance(env.ctx(), A)).toBe(10_000n);
    expect(env.bank.balance(env.ctx(), GOV)).toBe(0n);
    expect(invariants()).toEqual([]);
  });

  it("a vetoed proposal burns its deposits; a lapsed deposit period burns and drops the proposal", () => {
    const { env, keeper, submit, vote, endBlocks, invariants, stored } = setup();
    const id = submit(1000n);
    vote(A, VoteOption.VOTE_OPTION_NO_WITH_VETO);
    vote(B, VoteOption.VOTE_OPTION_YES);
    endBlocks(env.height() + 5n);
    expect(keeper.getProposal(env.ctx(), id)?.status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(env.bank.burned).toBe(1000n);
    expect(stored()).toBe("");
    const lapsed = submit(10n);
    endBlocks(env.height() + 5n);
    expect(keeper.getProposal(env.ctx(), lapsed)).toBeUndefined();
    expect(env.bank.burned).toBe(1010n);
    expect(invariants()).toEqual([]);
  });

  it("tokens moved after voting count once, for whoever holds them at the tally; bonded stake counts", () => {
    const { env, keeper, submit, vote, endBlocks } = setup();
    const id = submit(1000n);
    vote(A, VoteOption.VOTE_OPTION_YES);
    env.bank.balances.set(A, 0n);
    env.bank.mint(B, 9_000n); // A "sent" everything to B
    vote(B, VoteOption.VOTE_OPTION_NO);
    vote(M, VoteOption.VOTE_OPTION_ABSTAIN);
    endBlocks(env.height() + 5n);
    const p = keeper.getProposal(env.ctx(), id)!;
    // Refunds happen after the tally: A had 0, B 19,000, M 100 liquid + 400 bonded.
    expect(p.finalTallyResult).toEqual({ yesCount: "0", abstainCount: "500", noCount: "19000", noWithVetoCount: "0" });
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
  });

  it("a failing msg makes the proposal FAILED and leaves no write", () => {
    const { env, keeper, submit, vote, endBlocks, stored, setMsg } = setup();
    const id = submit(1000n, [setMsg("first"), setMsg("boom")]);
    vote(A, VoteOption.VOTE_OPTION_YES);
    vote(B, VoteOption.VOTE_OPTION_YES);
    endBlocks(env.height() + 5n);
    const p = keeper.getProposal(env.ctx(), id)!;
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_FAILED);
    expect(p.failedReason).toMatch(/message 1 .*boom/);
    expect(stored()).toBe("");
  });

  it("refuses bad proposals and votes with registered errors and changes nothing", () => {
    const { env, keeper, run, submit, setMsg } = setup();
    expect(() => submit(1000n, [setMsg("x", A)])).toThrow(expect.objectContaining({ codespace: "gov", code: ErrInvalidSigner.code }));
    expect(() => submit(1000n, [{ typeUrl: "/nope.Msg", value: new Uint8Array() }])).toThrow(expect.objectContaining({ code: ErrUnroutableProposalMsg.code }));
    expect(keeper.nextProposalId(env.ctx())).toBe(1n);
    expect(env.bank.balance(env.ctx(), A)).toBe(10_000n);
    const id = submit(10n);
    expect(() => run("MsgVote", { proposalId: id, voter: B, option: VoteOption.VOTE_OPTION_YES, metadata: "" })).toThrow(expect.objectContaining({ code: ErrInactiveProposal.code }));
    expect(() => run("MsgDeposit", { proposalId: id, depositor: B, amount: [{ denom: "unes", amount: "1" }] })).toThrow(expect.objectContaining({ code: ErrMinDepositTooSmall.code }));
    run("MsgDeposit", { proposalId: id, depositor: B, amount: [{ denom: "unes", amount: "990" }] });
    const weighted = (options: { option: number; weight: string }[]) => run("MsgVoteWeighted", { proposalId: id, voter: B, options, metadata: "" });
    expect(() => weighted([{ option: 1, weight: "0.5" }, { option: 3, weight: "0.4" }])).toThrow(expect.objectContaining({ code: ErrInvalidVote.code }));
    expect(() => weighted([{ option: 1, weight: "0.5" }, { option: 1, weight: "0.5" }])).toThrow(/twice/);
    weighted([{ option: 1, weight: "0.25" }, { option: 3, weight: "0.75" }]);
    expect(keeper.getVote(env.ctx(), id, B)?.options).toEqual([{ option: 1, weight: "0.250000000000000000" }, { option: 3, weight: "0.750000000000000000" }]);
  });
});
