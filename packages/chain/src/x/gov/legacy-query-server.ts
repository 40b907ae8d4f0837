// cosmos.gov.v1beta1 Query service over the same state, so stock cosmjs `setupGovExtension`, Keplr
// and explorers read proposals. A v1 proposal is shown with its single MsgExecLegacyContent's
// content, or else a TextProposal{title, description = summary} (the SDK leaves content empty).
import * as q from "cosmjs-types/cosmos/gov/v1beta1/query";
import * as b1 from "cosmjs-types/cosmos/gov/v1beta1/gov";
import { MsgExecLegacyContent } from "cosmjs-types/cosmos/gov/v1/tx";
import type { Proposal, TallyResult, Vote } from "cosmjs-types/cosmos/gov/v1/gov";
import type { QueryHandler } from "../../app/module";
import { paginate } from "../stakingext/paginate";
import { checkAddress } from "../stakingext/msg-util";
import { decWireBytes, parseDec } from "./dec";
import { ErrInvalidAddress } from "./errors";
import type { GovKeeper } from "./keeper";
import { currentTally, filteredProposals, idKey, mustProposal } from "./query-server";

const Q = "/cosmos.gov.v1beta1.Query/";

const ZERO_TIME = { seconds: -62135596800n, nanos: 0 };
const NO_PERIOD = { seconds: 0n, nanos: 0 };

const legacyTally = (t: TallyResult): b1.TallyResult => ({ yes: t.yesCount, abstain: t.abstainCount, no: t.noCount, noWithVeto: t.noWithVetoCount });

function legacyProposal(p: Proposal, tally: TallyResult): b1.Proposal {
  let content = { typeUrl: "/cosmos.gov.v1beta1.TextProposal", value: b1.TextProposal.encode({ title: p.title, description: p.summary }).finish() };
  if (p.messages.length === 1 && p.messages[0].typeUrl === "/cosmos.gov.v1.MsgExecLegacyContent") {
    const legacy = MsgExecLegacyContent.decode(p.messages[0].value).content;
    if (legacy) content = legacy;
  }
  return {
    proposalId: p.id,
    content,
    status: p.status as number as b1.ProposalStatus,
    finalTallyResult: legacyTally(tally),
    submitTime: p.submitTime ?? ZERO_TIME,
    depositEndTime: p.depositEndTime ?? ZERO_TIME,
    totalDeposit: p.totalDeposit,
    // The SDK's zero time for a proposal that never voted.
    votingStartTime: p.votingStartTime ?? ZERO_TIME,
    votingEndTime: p.votingEndTime ?? ZERO_TIME,
  };
}

function legacyVote(v: Vote): b1.Vote {
  const options = v.options.map((o) => ({ option: o.option as number as b1.VoteOption, weight: (parseDec(o.weight) ?? 0n).toString() }));
  return { proposalId: v.proposalId, voter: v.voter, option: options.length === 1 ? options[0].option : b1.VoteOption.VOTE_OPTION_UNSPECIFIED, options };
}

export function legacyGovQueryHandlers(k: GovKeeper): Record<string, QueryHandler> {
  return {
    [`${Q}Proposal`]: (ctx, req) => {
      const { proposalId } = q.QueryProposalRequest.decode(req);
      const p = mustProposal(k, ctx, proposalId);
      return q.QueryProposalResponse.encode({ proposal: legacyProposal(p, currentTally(k, ctx, p)) }).finish();
    },
    [`${Q}Proposals`]: (ctx, req) => {
      const r = q.QueryProposalsRequest.decode(req);
      const page = paginate(filteredProposals(k, ctx, { status: r.proposalStatus, voter: r.voter, depositor: r.depositor }), (p) => idKey(p.id), r.pagination);
      return q.QueryProposalsResponse.encode({ proposals: page.items.map((p) => legacyProposal(p, currentTally(k, ctx, p))), pagination: page.pagination }).finish();
    },
    [`${Q}Vote`]: (ctx, req) => {
      const { proposalId, voter } = q.QueryVoteRequest.decode(req);
      checkAddress(voter, "voter", ErrInvalidAddress);
      const vote = k.getVote(ctx, proposalId, voter);
      if (!vote) throw ErrInvalidAddress.wrap(`voter ${voter} has not voted on proposal ${proposalId}`);
      return q.QueryVoteResponse.encode({ vote: legacyVote(vote) }).finish();
    },
    [`${Q}Votes`]: (ctx, req) => {
      const { proposalId, pagination } = q.QueryVotesRequest.decode(req);
      mustProposal(k, ctx, proposalId);
      const page = paginate(k.votes(ctx, proposalId), (v) => v.voter, pagination);
      return q.QueryVotesResponse.encode({ votes: page.items.map(legacyVote), pagination: page.pagination }).finish();
    },
    [`${Q}Params`]: (ctx, req) => {
      q.QueryParamsRequest.decode(req);
      const p = k.params(ctx);
      return q.QueryParamsResponse.encode({
        votingParams: { votingPeriod: p.votingPeriod ?? NO_PERIOD },
        depositParams: { minDeposit: p.minDeposit, maxDepositPeriod: p.maxDepositPeriod ?? NO_PERIOD },
        tallyParams: {
          quorum: decWireBytes(parseDec(p.quorum) ?? 0n),
          threshold: decWireBytes(parseDec(p.threshold) ?? 0n),
          vetoThreshold: decWireBytes(parseDec(p.vetoThreshold) ?? 0n),
        },
      }).finish();
    },
    [`${Q}Deposit`]: (ctx, req) => {
      const { proposalId, depositor } = q.QueryDepositRequest.decode(req);
      checkAddress(depositor, "depositor", ErrInvalidAddress);
      const deposit = k.getDeposit(ctx, proposalId, depositor);
      if (!deposit) throw ErrInvalidAddress.wrap(`no deposit of ${depositor} on proposal ${proposalId}`);
      return q.QueryDepositResponse.encode({ deposit }).finish();
    },
    [`${Q}Deposits`]: (ctx, req) => {
      const { proposalId, pagination } = q.QueryDepositsRequest.decode(req);
      const page = paginate(k.deposits(ctx, proposalId), (d) => d.depositor, pagination);
      return q.QueryDepositsResponse.encode({ deposits: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}TallyResult`]: (ctx, req) => {
      const { proposalId } = q.QueryTallyResultRequest.decode(req);
      return q.QueryTallyResultResponse.encode({ tally: legacyTally(currentTally(k, ctx, mustProposal(k, ctx, proposalId))) }).finish();
    },
  };
}
