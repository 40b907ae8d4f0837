// x/gov through the real RPC with unmodified cosmjs: a base_fee change voted by holders and a miner,
// a vetoed proposal burning its deposit, a double vote after a transfer counting once, and stock
// `setupGovExtension` (v1beta1) reading proposals and tallies.
import { QueryClient, setupGovExtension } from "@cosmjs/stargate";
import { GOV_AUTHORITY, setupGovV1Extension } from "@nesa/client";
import { payforqueryTx } from "@nesa/proto-types";
import { ProposalStatus, VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey } from "../../packages/chain/src/sim/protocol-harness";
import { type Driver, TX_FEE, connectDriver } from "./protocol-driver";
import { type Home, type InProcessNode, makeHome, startInProcess, waitForHeight } from "./helpers/localnet";

const VOTING_BLOCKS = 25n;
const DEPOSIT = 5_000n;
const GOV_PARAMS = {
  minDeposit: [{ denom: "unes", amount: String(DEPOSIT) }],
  maxDepositPeriod: { seconds: String(VOTING_BLOCKS), nanos: 0 },
  votingPeriod: { seconds: String(VOTING_BLOCKS), nanos: 0 },
  expeditedVotingPeriod: { seconds: "2", nanos: 0 },
  quorum: "0.200000000000000000",
  threshold: "0.500000000000000000",
  vetoThreshold: "0.334000000000000000",
  minInitialDepositRatio: "0.000000000000000000",
  proposalCancelRatio: "0.500000000000000000",
  expeditedThreshold: "0.667000000000000000",
  expeditedMinDeposit: [{ denom: "unes", amount: "50000" }],
  burnVoteQuorum: false,
  burnProposalDepositPrevote: true,
  burnVoteVeto: true,
  minDepositRatio: "0.010000000000000000",
};

let home: Home;
let net: InProcessNode;
let d: Driver;
let gov: ReturnType<typeof QueryClient.withExtensions<ReturnType<typeof setupGovExtension>, ReturnType<typeof setupGovV1Extension>>>;

const addr = (i: number) => d.actors[i].address;
const submit = async (i: number, messages: { typeUrl: string; value: Uint8Array }[], deposit = DEPOSIT) => {
  const res = await d.tx(d.actors[i], [
    { typeUrl: "/cosmos.gov.v1.MsgSubmitProposal", value: { messages, initialDeposit: [{ denom: "unes", amount: String(deposit) }], proposer: addr(i), metadata: "", title: `proposal by ${i}`, summary: "test", expedited: false } },
  ]);
  expect(res.code, res.rawLog).toBe(0);
  return BigInt(res.events.find((e) => e.type === "submit_proposal")!.attributes.find((a) => a.key === "proposal_id")!.value);
};
const vote = async (i: number, id: bigint, option: VoteOption) => {
  const res = await d.tx(d.actors[i], [{ typeUrl: "/cosmos.gov.v1.MsgVote", value: { proposalId: id, voter: addr(i), option, metadata: "" } }]);
  expect(res.code, res.rawLog).toBe(0);
};
const waitDone = (id: bigint) =>
  d.waitFor(`proposal ${id} decided`, async () => {
    const p = await gov.govV1.proposal(id);
    return p.status > ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD ? p : undefined;
  });

beforeAll(async () => {
  // 7 accounts of 10^12 unes: three yes votes (> 20 % quorum, > half) decide.
  home = await makeHome(7, { gov: { params: GOV_PARAMS } });
  net = await startInProcess(home.home, 80);
  await waitForHeight(net.url, 0);
  d = await connectDriver(net.url, home.accounts.map((a) => a.mnemonic));
  gov = QueryClient.withExtensions(d.comet, setupGovExtension, setupGovV1Extension);
});

afterAll(async () => {
  d?.disconnect();
  await net?.close();
  home?.remove();
});

describe("x/gov through the RPC", () => {
  it("a vetoed proposal burns its deposit", async () => {
    const before = await d.balance(addr(5));
    const supplyBefore = BigInt((await d.q.bank.supplyOf("unes")).amount);
    const id = await submit(5, []);
    await Promise.all([vote(1, id, VoteOption.VOTE_OPTION_NO_WITH_VETO), vote(2, id, VoteOption.VOTE_OPTION_NO_WITH_VETO), vote(5, id, VoteOption.VOTE_OPTION_YES)]);
    const p = await waitDone(id);
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(await d.balance(addr(5))).toBe(before - DEPOSIT - 2n * TX_FEE);
    expect(BigInt((await d.q.bank.supplyOf("unes")).amount)).toBe(supplyBefore - DEPOSIT);
    expect((await gov.gov.deposits(String(id))).deposits).toEqual([]);
  });

  it("a base_fee proposal passes with holders and a miner voting; the next query pays the new base fee", async () => {
    const owner = addr(0);
    const shard = { index: 0, sha256: new Uint8Array(32).fill(1), sizeBytes: 10n, inputs: [{ name: "x", type: "float32", shape: [1, 4] }], outputs: [{ name: "y", type: "float32", shape: [1, 4] }] };
    const reg = await d.tx(d.actors[0], [{ typeUrl: "/nesa.inference.v1.MsgRegisterModel", value: { owner, modelId: "m", name: "m", version: "1", shards: [shard], ee: { scheme: "perm-v1", keyCommitment: new Uint8Array(32).fill(9) }, price: { denom: "unes", amount: "100" }, minReplicas: 1 } }]);
    expect(reg.code, reg.rawLog).toBe(0);
    // The miner bonds almost everything: its vote counts through its stake.
    const stake = (await d.balance(addr(3))) - 10n * TX_FEE;
    const miner = await d.tx(d.actors[3], [{ typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner", value: { operator: addr(3), encryptionPubkey: encryptionKey(0), models: ["m"], capacity: { memoryMb: 1n, maxBatch: 1 }, stake: { denom: "unes", amount: String(stake) } } }]);
    expect(miner.code, miner.rawLog).toBe(0);

    const params = { ...(await d.q.payforquery.params()), baseFee: { denom: "unes", amount: "7777" } };
    const msg = { typeUrl: "/nesa.payforquery.v1.MsgUpdateParams", value: payforqueryTx.MsgUpdateParams.encode({ authority: GOV_AUTHORITY, params }).finish() };
    const id = await submit(1, [msg]);
    await Promise.all([1, 2, 3].map((i) => vote(i, id, VoteOption.VOTE_OPTION_YES)));
    // Stock cosmjs (v1beta1) reads the proposal and the tally so far: the miner's bonded stake is in it.
    const legacy = await gov.gov.proposal(String(id));
    expect(legacy.proposal.proposalId).toBe(id);
    expect(legacy.proposal.status).toBe(2); // VOTING_PERIOD
    const so = await gov.gov.tally(String(id));
    expect(BigInt(so.tally.yes)).toBeGreaterThanOrEqual(2n * 10n ** 12n - 10n ** 9n + stake);
    const p = await waitDone(id);
    expect(p.status, p.failedReason).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    const final = await gov.gov.tally(String(id));
    expect(final.tally.yes).toBe(p.finalTallyResult!.yesCount);
    expect((await gov.gov.proposals(3, "", "")).proposals.map((x) => x.proposalId)).toContain(id); // PASSED

    expect((await d.q.payforquery.params()).baseFee?.amount).toBe("7777");
    const pay = await d.tx(d.actors[4], [{ typeUrl: "/nesa.payforquery.v1.MsgPayForQuery", value: { sender: addr(4), modelId: "m", inputCommitment: new Uint8Array(32).fill(5), inputBytes: 10n, replicas: 1, privacy: 1, maxFee: { denom: "unes", amount: "100000" }, timeoutBlocks: 0n } }]);
    expect(pay.code, pay.rawLog).toBe(0);
    const queryId = BigInt(pay.events.find((e) => e.type === "nesa.payforquery.v1.EventQueryPaid")!.attributes.find((a) => a.key === "query_id")!.value.replaceAll('"', ""));
    const escrow = await d.q.payforquery.escrow(queryId);
    expect(escrow.fee?.base?.amount).toBe("7777");
    expect(escrow.fee?.total?.amount).toBe(String(7777n + 10n + 100n));
  });

  it("tokens moved to another voter after voting count once", async () => {
    const id = await submit(4, []);
    await vote(5, id, VoteOption.VOTE_OPTION_YES);
    const moved = (await d.balance(addr(5))) - 2n * TX_FEE;
    const send = await d.actors[5].client.sendTokens(addr(5), addr(6), [{ denom: "unes", amount: String(moved) }], { amount: [{ denom: "unes", amount: String(TX_FEE) }], gas: "200000" });
    expect(send.code).toBe(0);
    await vote(6, id, VoteOption.VOTE_OPTION_NO);
    const so = await gov.govV1.tally(id);
    const [b5, b6] = [await d.balance(addr(5)), await d.balance(addr(6))];
    expect(BigInt(so.yesCount)).toBe(b5);
    expect(BigInt(so.noCount)).toBe(b6);
    expect(b6).toBeGreaterThan(moved);
    const p = await waitDone(id);
    expect(BigInt(p.finalTallyResult!.yesCount) + BigInt(p.finalTallyResult!.noCount)).toBe(b5 + b6);
  });
});
