// cosmos.gov.v1 Msg service (and the v1beta1 MsgVote / MsgDeposit cosmjs sends by default). Every
// check runs before the first write, so a failing msg changes nothing.
import type { Any } from "cosmjs-types/google/protobuf/any";
import * as v1 from "cosmjs-types/cosmos/gov/v1/tx";
import * as v1beta1 from "cosmjs-types/cosmos/gov/v1beta1/tx";
import { ProposalStatus, VoteOption, type WeightedVoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context, MsgHandler } from "../../app/module";
import { ChainError } from "../../errors/chain-error";
import { checkAddress, msgHandler } from "../stakingext/msg-util";
import { DEC_ONE, addSeconds, formatDec, parseDec, timestampOf } from "./dec";
import { addDeposit, depositAmount } from "./deposits";
import {
  ErrInactiveProposal,
  ErrInsufficientFunds,
  ErrInvalidAddress,
  ErrInvalidProposal,
  ErrInvalidProposalMsg,
  ErrInvalidProposer,
  ErrInvalidSigner,
  ErrInvalidVote,
  ErrMetadataTooLong,
  ErrMinDepositTooSmall,
  ErrSummaryTooLong,
  ErrUnknownProposal,
  ErrUnroutableProposalMsg,
  ErrUnsupported,
} from "./errors";
import { emitParamsUpdated, emitSubmitProposal, emitVote } from "./events";
import type { GovKeeper } from "./keeper";
import { rulesOf } from "./params";

const T = "/cosmos.gov.v1.";
const MAX_METADATA = 255;
const MAX_TITLE = 255;
const MAX_SUMMARY = 10_200;

function checkMetadata(metadata: string): void {
  if (metadata.length > MAX_METADATA) throw ErrMetadataTooLong.wrap(`metadata is ${metadata.length} characters, at most ${MAX_METADATA}`);
}

/** Each proposal msg must be routable, decode, validate and be signed by the gov account alone. */
export function checkProposalMsgs(k: GovKeeper, messages: Any[]): void {
  messages.forEach((any, i) => {
    const h = k.route(any.typeUrl);
    if (!h) throw ErrUnroutableProposalMsg.wrap(`message ${i}: ${any.typeUrl}`);
    let msg: unknown;
    try {
      msg = h.decode(any.value);
    } catch (e) {
      throw ErrInvalidProposalMsg.wrap(`message ${i} (${any.typeUrl}) does not decode: ${(e as Error).message}`);
    }
    const signers = h.signers(msg);
    if (signers.length !== 1 || signers[0] !== k.authority) {
      throw ErrInvalidSigner.wrap(`message ${i} (${any.typeUrl}) is signed by ${signers.join(",") || "nobody"}; expected ${k.authority}`);
    }
    try {
      h.validateBasic?.(msg);
    } catch (e) {
      throw ErrInvalidProposalMsg.wrap(`message ${i} (${any.typeUrl}): ${e instanceof ChainError ? e.message : (e as Error).message}`);
    }
  });
}

function submitProposal(k: GovKeeper, ctx: Context, msg: v1.MsgSubmitProposal): v1.MsgSubmitProposalResponse {
  checkAddress(msg.proposer, "proposer", ErrInvalidProposer);
  if (msg.expedited) throw ErrUnsupported.wrap("expedited proposals");
  if (msg.title.trim() === "") throw ErrInvalidProposal.wrap("title cannot be empty");
  if (msg.title.length > MAX_TITLE) throw ErrInvalidProposal.wrap(`title is ${msg.title.length} characters, at most ${MAX_TITLE}`);
  if (msg.summary.trim() === "") throw ErrInvalidProposal.wrap("summary cannot be empty");
  if (msg.summary.length > MAX_SUMMARY) throw ErrSummaryTooLong.wrap(`summary is ${msg.summary.length} characters, at most ${MAX_SUMMARY}`);
  checkMetadata(msg.metadata);
  checkProposalMsgs(k, msg.messages);
  const rules = rulesOf(k.params(ctx));
  const initial = depositAmount(msg.initialDeposit, true);
  const needed = (rules.minDeposit * rules.minInitialDepositRatio) / DEC_ONE;
  if (initial < needed) throw ErrMinDepositTooSmall.wrap(`initial deposit ${initial}unes is below ${needed}unes (min_initial_deposit_ratio × min_deposit)`);
  const bal = k.deps.bank.balance(ctx, msg.proposer);
  if (bal < initial) throw ErrInsufficientFunds.wrap(`${msg.proposer} holds ${bal}unes, the deposit is ${initial}unes`);

  const id = k.nextProposalId(ctx);
  k.setNextProposalId(ctx, id + 1n);
  const submitTime = timestampOf(ctx.blockTime);
  const depositEnd = ctx.height + rules.depositBlocks;
  k.setProposal(ctx, {
    id,
    messages: msg.messages,
    status: ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD,
    finalTallyResult: { yesCount: "0", abstainCount: "0", noCount: "0", noWithVetoCount: "0" },
    submitTime,
    depositEndTime: addSeconds(submitTime, rules.depositBlocks),
    totalDeposit: [],
    metadata: msg.metadata,
    title: msg.title,
    summary: msg.summary,
    proposer: msg.proposer,
    expedited: false,
    failedReason: "",
  });
  k.setHeights(ctx, id, { depositEnd, votingEnd: 0n });
  k.enqueueDeposit(ctx, depositEnd, id);
  emitSubmitProposal(ctx, id, msg.messages.map((m) => m.typeUrl));
  addDeposit(k, ctx, id, msg.proposer, initial);
  return { proposalId: id };
}

function deposit(k: GovKeeper, ctx: Context, id: bigint, depositor: string, coins: { denom: string; amount: string }[]): void {
  checkAddress(depositor, "depositor", ErrInvalidAddress);
  const amount = depositAmount(coins, false);
  const rules = rulesOf(k.params(ctx));
  const least = (rules.minDeposit * rules.minDepositRatio) / DEC_ONE;
  if (amount < least) throw ErrMinDepositTooSmall.wrap(`deposit ${amount}unes is below ${least}unes (min_deposit_ratio × min_deposit)`);
  addDeposit(k, ctx, id, depositor, amount);
}

/** Validates weighted options: known options, no repeats, positive weights summing to exactly 1. */
export function checkOptions(options: WeightedVoteOption[]): WeightedVoteOption[] {
  if (options.length === 0 || options.length > 4) throw ErrInvalidVote.wrap(`${options.length} options; give 1 to 4`);
  const seen = new Set<number>();
  let sum = 0n;
  const out: WeightedVoteOption[] = [];
  for (const o of options) {
    if (!(o.option >= VoteOption.VOTE_OPTION_YES && o.option <= VoteOption.VOTE_OPTION_NO_WITH_VETO)) throw ErrInvalidVote.wrap(`option ${o.option}`);
    if (seen.has(o.option)) throw ErrInvalidVote.wrap(`option ${VoteOption[o.option]} given twice`);
    seen.add(o.option);
    const w = parseDec(o.weight);
    if (w === undefined || w === 0n || w > DEC_ONE) throw ErrInvalidVote.wrap(`weight "${o.weight}" must be a decimal in (0, 1]`);
    sum += w;
    out.push({ option: o.option, weight: formatDec(w) });
  }
  if (sum !== DEC_ONE) throw ErrInvalidVote.wrap(`weights sum to ${formatDec(sum)}, not 1`);
  return out;
}

function vote(k: GovKeeper, ctx: Context, id: bigint, voter: string, options: WeightedVoteOption[], metadata: string): void {
  checkAddress(voter, "voter", ErrInvalidAddress);
  checkMetadata(metadata);
  const opts = checkOptions(options);
  const p = k.getProposal(ctx, id);
  if (!p) throw ErrUnknownProposal.wrap(`proposal ${id} does not exist`);
  if (p.status !== ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) throw ErrInactiveProposal.wrap(`proposal ${id} is ${ProposalStatus[p.status]}: not in its voting period`);
  k.setVote(ctx, { proposalId: id, voter, options: opts, metadata });
  emitVote(ctx, id, voter, opts);
}

const single = (option: VoteOption): WeightedVoteOption[] => [{ option, weight: formatDec(DEC_ONE) }];

export function govMsgHandlers(k: GovKeeper): MsgHandler<any>[] {
  const R = (name: string) => `${T}${name}Response`;
  return [
    msgHandler(`${T}MsgSubmitProposal`, v1.MsgSubmitProposal, (m) => m.proposer, R("MsgSubmitProposal"), v1.MsgSubmitProposalResponse, (ctx, m) => submitProposal(k, ctx, m)),
    msgHandler(`${T}MsgDeposit`, v1.MsgDeposit, (m) => m.depositor, R("MsgDeposit"), v1.MsgDepositResponse, (ctx, m) => {
      deposit(k, ctx, m.proposalId, m.depositor, m.amount);
      return {};
    }),
    msgHandler(`${T}MsgVote`, v1.MsgVote, (m) => m.voter, R("MsgVote"), v1.MsgVoteResponse, (ctx, m) => {
      vote(k, ctx, m.proposalId, m.voter, single(m.option), m.metadata);
      return {};
    }),
    msgHandler(`${T}MsgVoteWeighted`, v1.MsgVoteWeighted, (m) => m.voter, R("MsgVoteWeighted"), v1.MsgVoteWeightedResponse, (ctx, m) => {
      vote(k, ctx, m.proposalId, m.voter, m.options, m.metadata);
      return {};
    }),
    msgHandler(`${T}MsgUpdateParams`, v1.MsgUpdateParams, (m) => m.authority, R("MsgUpdateParams"), v1.MsgUpdateParamsResponse, (ctx, m) => {
      if (m.authority !== k.authority) throw ErrInvalidSigner.wrap(`invalid authority; expected ${k.authority}, got ${m.authority}`);
      rulesOf(m.params);
      k.setParams(ctx, m.params!);
      emitParamsUpdated(ctx, m.authority);
      return {};
    }),
    // cosmjs's default gov encode objects are v1beta1: accept their vote and deposit too.
    msgHandler("/cosmos.gov.v1beta1.MsgVote", v1beta1.MsgVote, (m) => m.voter, "/cosmos.gov.v1beta1.MsgVoteResponse", v1beta1.MsgVoteResponse, (ctx, m) => {
      vote(k, ctx, m.proposalId, m.voter, single(m.option as number), "");
      return {};
    }),
    msgHandler("/cosmos.gov.v1beta1.MsgDeposit", v1beta1.MsgDeposit, (m) => m.depositor, "/cosmos.gov.v1beta1.MsgDepositResponse", v1beta1.MsgDepositResponse, (ctx, m) => {
      deposit(k, ctx, m.proposalId, m.depositor, m.amount);
      return {};
    }),
  ];
}
