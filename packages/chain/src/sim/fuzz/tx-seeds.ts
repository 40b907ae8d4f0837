// Valid msgs of every registered Msg type, the fuzzer's seeds: each one well-formed (it passes
// validateBasic) and, where the world allows, executable (real models, miners, seats, a proposal).
// Authority msgs (MsgUpdateParams, MsgCommunityPoolSpend) are seeded both bare (signed by a user:
// refused) and inside a MsgSubmitProposal, where gov would run them.
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { MsgCommunityPoolSpend } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import * as gov from "cosmjs-types/cosmos/gov/v1/tx";
import * as govBeta from "cosmjs-types/cosmos/gov/v1beta1/tx";
import { moduleAddress } from "../../x/auth/keeper";
import { defaultParams as govParams } from "../../x/gov/params";
import { defaultParams as infParams } from "../../x/inference/params";
import * as inf from "../../x/inference/proto";
import { defaultParams as pfqParams } from "../../x/payforquery/params";
import * as pfq from "../../x/payforquery/proto";
import { defaultParams as stkParams } from "../../x/stakingext/params";
import * as stk from "../../x/stakingext/proto";
import * as M from "../msgs";
import { encryptionKey } from "../protocol-harness";
import type { Rng } from "../rng";
import { FLOAT_MODEL, GEN_FIELDS, GEN_MODEL, INT_MODEL, MODEL_PRICE } from "../sim-world";
import type { AnyMsg } from "../tx-builder";

export interface Seat {
  queryId: bigint;
  shard: number;
  replica: number;
  miner: string;
}

/** What the seeds may refer to: who is who on the chain under test, and live seats and proposals. */
export interface SeedWorld {
  owner: string;
  users: string[];
  miners: string[];
  seats: Seat[];
  proposalIds: bigint[];
}

/** A seed: the msg and the address that must sign it. */
export interface Seed {
  signer: string;
  msg: AnyMsg;
}

const GOV = moduleAddress("gov");
const coin = (amount: bigint) => ({ denom: "unes", amount: amount.toString() });
const any = <T>(typeUrl: string, codec: { encode(m: T): { finish(): Uint8Array } }, m: T): AnyMsg => ({ typeUrl, value: codec.encode(m).finish() });

/** The authority msgs: each module's MsgUpdateParams with its defaults, and a small community-pool spend. */
function authorityMsgs(recipient: string): AnyMsg[] {
  return [
    any("/nesa.inference.v1.MsgUpdateParams", inf.MsgUpdateParams, { authority: GOV, params: infParams() }),
    any("/nesa.stakingext.v1.MsgUpdateParams", stk.MsgUpdateParams, { authority: GOV, params: stkParams() }),
    any("/nesa.payforquery.v1.MsgUpdateParams", pfq.MsgUpdateParams, { authority: GOV, params: pfqParams() }),
    any("/cosmos.gov.v1.MsgUpdateParams", gov.MsgUpdateParams, { authority: GOV, params: govParams() }),
    any("/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", MsgCommunityPoolSpend, MsgCommunityPoolSpend.fromPartial({ authority: GOV, recipient, amount: [coin(1n)] })),
  ];
}

/** One seed of every kind the world allows (callers pick among them); `rng` varies the ids and amounts. */
export function seeds(w: SeedWorld, rng: Rng): Seed[] {
  const user = rng.pick(w.users);
  const other = rng.pick(w.users);
  const miner = rng.pick(w.miners);
  const seat = w.seats.length > 0 ? rng.pick(w.seats) : { queryId: 1n, shard: 0, replica: 0, miner };
  const proposalId = w.proposalIds.length > 0 ? rng.pick(w.proposalIds) : 1n;
  const amount = 1n + rng.bigint(100_000n);
  const out: Seed[] = [
    { signer: user, msg: any("/cosmos.bank.v1beta1.MsgSend", MsgSend, { fromAddress: user, toAddress: other, amount: [coin(amount)] }) },
    { signer: w.owner, msg: M.registerModel(w.owner, `fuzz-${rng.int(1_000_000)}`, 1 + rng.int(3), MODEL_PRICE, rng.chance(30)) },
    { signer: w.owner, msg: M.registerModel(w.owner, `fuzz-gen-${rng.int(1_000_000)}`, 2, MODEL_PRICE, false, GEN_FIELDS) },
    { signer: w.owner, msg: M.deprecateModel(w.owner, rng.pick([FLOAT_MODEL, INT_MODEL, GEN_MODEL])) },
    { signer: seat.miner, msg: M.commitResult(seat.miner, seat.queryId, seat.shard, seat.replica, new Uint8Array(32).fill(3)) },
    { signer: seat.miner, msg: M.revealResult({ miner: seat.miner, queryId: seat.queryId, shard: seat.shard, replica: seat.replica, outputDigest: new Uint8Array(32).fill(4), salt: new Uint8Array(32).fill(5), sketch: [4n, 1n, 2n, 3n, 4n, 5n] }) },
    { signer: user, msg: M.registerMiner(user, encryptionKey(rng.int(1000)), [FLOAT_MODEL, INT_MODEL], 1_000_000n + amount) },
    { signer: miner, msg: M.addStake(miner, amount) },
    { signer: miner, msg: M.unbond(miner, amount) },
    { signer: miner, msg: M.unjail(miner) },
    { signer: miner, msg: M.updateMiner(miner, 1 + rng.int(8)) },
    { signer: user, msg: M.payForQuery({ sender: user, modelId: FLOAT_MODEL, inputBytes: 100n + amount % 5000n, replicas: 1 + rng.int(3), maxFee: 10n ** 9n }) },
    { signer: user, msg: M.payForQuery({ sender: user, modelId: GEN_MODEL, inputBytes: 200n, replicas: 1, maxFee: 10n ** 9n, inputTokens: 5, maxNewTokens: 8 }) },
    { signer: user, msg: any("/cosmos.gov.v1.MsgDeposit", gov.MsgDeposit, { proposalId, depositor: user, amount: [coin(1_000_000n)] }) },
    { signer: user, msg: any("/cosmos.gov.v1.MsgVote", gov.MsgVote, { proposalId, voter: user, option: VoteOption.VOTE_OPTION_YES, metadata: "" }) },
    {
      signer: user,
      msg: any("/cosmos.gov.v1.MsgVoteWeighted", gov.MsgVoteWeighted, {
        proposalId,
        voter: user,
        options: [{ option: VoteOption.VOTE_OPTION_YES, weight: "0.700000000000000000" }, { option: VoteOption.VOTE_OPTION_NO, weight: "0.300000000000000000" }],
        metadata: "",
      }),
    },
    { signer: user, msg: any("/cosmos.gov.v1beta1.MsgVote", govBeta.MsgVote, { proposalId, voter: user, option: VoteOption.VOTE_OPTION_NO }) },
    { signer: user, msg: any("/cosmos.gov.v1beta1.MsgDeposit", govBeta.MsgDeposit, { proposalId, depositor: user, amount: [coin(1_000n)] }) },
  ];
  const authority = authorityMsgs(user);
  for (const m of authority) out.push({ signer: user, msg: m });
  const inner = rng.chance(25) ? [] : [rng.pick(authority)];
  const proposal = gov.MsgSubmitProposal.fromPartial({ messages: inner, initialDeposit: [coin(1_000_000n)], proposer: user, metadata: "", title: "fuzz", summary: "a fuzzed proposal" });
  out.push({ signer: user, msg: any("/cosmos.gov.v1.MsgSubmitProposal", gov.MsgSubmitProposal, proposal) });
  return out;
}

/** The type URLs `seeds` covers (a test compares them with the app's router). */
export function seededTypeUrls(w: SeedWorld, rng: Rng): Set<string> {
  return new Set(seeds(w, rng).map((s) => s.msg.typeUrl));
}
