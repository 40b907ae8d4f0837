// cosmos.gov.v1 Query service, keyed by abci_query path. TallyResult of a proposal still in its
// voting period is the tally "so far": the current voters with their current voting power.
import * as q from "cosmjs-types/cosmos/gov/v1/query";
import { type Proposal, ProposalStatus, type TallyResult } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context, QueryHandler } from "../../app/module";
import { paginate } from "../stakingext/paginate";
import { checkAddress } from "../stakingext/msg-util";
import { ErrInvalidAddress, ErrUnknownProposal } from "./errors";
import type { GovKeeper } from "./keeper";
import { countVotes, tallyResult } from "./tally";

const Q = "/cosmos.gov.v1.Query/";

export const idKey = (id: bigint) => id.toString().padStart(20, "0");

export function mustProposal(k: GovKeeper, ctx: Context, id: bigint): Proposal {
  const p = k.getProposal(ctx, id);
  if (!p) throw ErrUnknownProposal.wrap(`proposal ${id} doesn't exist`);
  return p;
}

/** The final tally once decided, else the tally so far. */
export function currentTally(k: GovKeeper, ctx: Context, p: Proposal): TallyResult {
  if (p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) return tallyResult(countVotes(k, ctx, k.votes(ctx, p.id)));
  return p.finalTallyResult ?? { yesCount: "0", abstainCount: "0", noCount: "0", noWithVetoCount: "0" };
}

/** Proposals filtered as the SDK filters them (status, voter, depositor), in id order. */
export function filteredProposals(k: GovKeeper, ctx: Context, f: { status: number; voter: string; depositor: string }): Proposal[] {
  return [...k.proposals(ctx)].filter(
    (p) =>
      (f.status === 0 || p.status === f.status) &&
      (f.voter === "" || k.getVote(ctx, p.id, f.voter) !== undefined) &&
      (f.depositor === "" || k.getDeposit(ctx, p.id, f.depositor) !== undefined),
  );
}

export function govQueryHandlers(k: GovKeeper): Record<string, QueryHandler> {
  return {
    [`${Q}Proposal`]: (ctx, req) => {
      const { proposalId } = q.QueryProposalRequest.decode(req);
      return q.QueryProposalResponse.encode({ proposal: mustProposal(k, ctx, proposalId) }).finish();
    },
    [`${Q}Proposals`]: (ctx, req) => {
      const r = q.QueryProposalsRequest.decode(req);
      const page = paginate(filteredProposals(k, ctx, { status: r.proposalStatus, voter: r.voter, depositor: r.depositor }), (p) => idKey(p.id), r.pagination);
      return q.QueryProposalsResponse.encode({ proposals: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}Vote`]: (ctx, req) => {
      const { proposalId, voter } = q.QueryVoteRequest.decode(req);
      checkAddress(voter, "voter", ErrInvalidAddress);
      const vote = k.getVote(ctx, proposalId, voter);
      if (!vote) throw ErrInvalidAddress.wrap(`voter ${voter} has not voted on proposal ${proposalId}`);
      return q.QueryVoteResponse.encode({ vote }).finish();
    },
    [`${Q}Votes`]: (ctx, req) => {
      const { proposalId, pagination } = q.QueryVotesRequest.decode(req);
      mustProposal(k, ctx, proposalId);
      const page = paginate(k.votes(ctx, proposalId), (v) => v.voter, pagination);
      return q.QueryVotesResponse.encode({ votes: page.items, pagination: page.pagination }).finish();
    },
    [`${Q}Params`]: (ctx, req) => {
      q.QueryParamsRequest.decode(req);
      const p = k.params(ctx);
      return q.QueryParamsResponse.encode({
        params: p,
        votingParams: { votingPeriod: p.votingPeriod },
        depositParams: { minDeposit: p.minDeposit, maxDepositPeriod: p.maxDepositPeriod },
        tallyParams: { quorum: p.quorum, threshold: p.threshold, vetoThreshold: p.vetoThreshold },
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
      return q.QueryTallyResultResponse.encode({ tally: currentTally(k, ctx, mustProposal(k, ctx, proposalId)) }).finish();
    },
    [`${Q}Constitution`]: (_ctx, req) => {
      q.QueryConstitutionRequest.decode(req);
      return q.QueryConstitutionResponse.encode({ constitution: "" }).finish();
    },
  };
}
