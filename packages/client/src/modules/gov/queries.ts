// cosmos.gov.v1 queries as a cosmjs extension (stock `setupGovExtension` covers v1beta1).
import type { QueryClient } from "@cosmjs/stargate";
import type { Params, Proposal, TallyResult, Vote } from "cosmjs-types/cosmos/gov/v1/gov";
import * as q from "cosmjs-types/cosmos/gov/v1/query";
import { createQueryCall, required, toU64, type U64Input } from "../query-rpc";

export interface GovV1Extension {
  readonly govV1: {
    readonly params: () => Promise<Params>;
    readonly proposal: (id: U64Input) => Promise<Proposal>;
    /** Every proposal, optionally of one status (cosmos.gov.v1.ProposalStatus), following pagination. */
    readonly proposals: (status?: number) => Promise<Proposal[]>;
    readonly votes: (id: U64Input) => Promise<Vote[]>;
    /** Final once decided; while voting, the tally so far (current voters, current power). */
    readonly tally: (id: U64Input) => Promise<TallyResult>;
  };
}

/**
 * @example
 * const client = QueryClient.withExtensions(comet, setupGovV1Extension);
 * const p = await client.govV1.proposal(1);
 */
export function setupGovV1Extension(base: QueryClient): GovV1Extension {
  const call = createQueryCall(base, "cosmos.gov.v1.Query");
  return {
    govV1: {
      params: async () => required((await call("Params", q.QueryParamsRequest, q.QueryParamsResponse, { paramsType: "" })).params, "gov.params"),
      proposal: async (id) => required((await call("Proposal", q.QueryProposalRequest, q.QueryProposalResponse, { proposalId: toU64(id, "proposalId") })).proposal, "gov.proposal"),
      proposals: async (status = 0) => {
        const out: Proposal[] = [];
        let key: Uint8Array = new Uint8Array();
        do {
          const r = await call("Proposals", q.QueryProposalsRequest, q.QueryProposalsResponse, q.QueryProposalsRequest.fromPartial({ proposalStatus: status, pagination: { key } }));
          out.push(...r.proposals);
          key = r.pagination?.nextKey ?? new Uint8Array();
        } while (key.length > 0);
        return out;
      },
      votes: async (id) => (await call("Votes", q.QueryVotesRequest, q.QueryVotesResponse, { proposalId: toU64(id, "proposalId") })).votes,
      tally: async (id) => required((await call("TallyResult", q.QueryTallyResultRequest, q.QueryTallyResultResponse, { proposalId: toU64(id, "proposalId") })).tally, "gov.tally"),
    },
  };
}
