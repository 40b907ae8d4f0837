// x/gov genesis: the SDK's cosmos.gov.v1.GenesisState as proto JSON, plus `proposalHeights` (the
// end heights of open proposals: nesa-ts counts periods in blocks, which a Proposal's times cannot say).
import { GenesisState } from "cosmjs-types/cosmos/gov/v1/genesis";
import { ProposalStatus } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { GovKeeper } from "./keeper";
import { defaultParams, rulesOf } from "./params";

export interface GovGenesisJson {
  [key: string]: unknown;
  proposalHeights?: { proposalId: string; depositEndHeight: string; votingEndHeight: string }[];
}

export function defaultGenesis(): GovGenesisJson {
  return { ...(GenesisState.toJSON(GenesisState.fromPartial({ startingProposalId: 1n, params: defaultParams() })) as object), proposalHeights: [] };
}

export function validateGenesis(json: GovGenesisJson): void {
  const g = GenesisState.fromJSON(json);
  try {
    rulesOf(g.params);
  } catch (e) {
    throw ErrInvalidGenesis.wrap(`gov params: ${(e as Error).message}`);
  }
  const heights = new Map((json.proposalHeights ?? []).map((h) => [h.proposalId, h]));
  for (const p of g.proposals) {
    if (p.id >= g.startingProposalId) throw ErrInvalidGenesis.wrap(`proposal ${p.id} is not below starting_proposal_id ${g.startingProposalId}`);
    const open = p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD || p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
    if (open && !heights.has(String(p.id))) throw ErrInvalidGenesis.wrap(`open proposal ${p.id} has no proposalHeights entry`);
  }
}

export function initGenesis(k: GovKeeper, ctx: Context, json: GovGenesisJson): void {
  const g = GenesisState.fromJSON(json);
  k.setParams(ctx, g.params ?? defaultParams());
  k.setNextProposalId(ctx, g.startingProposalId === 0n ? 1n : g.startingProposalId);
  const heights = new Map((json.proposalHeights ?? []).map((h) => [h.proposalId, h]));
  for (const p of g.proposals) {
    k.setProposal(ctx, p);
    const h = heights.get(String(p.id));
    if (!h) continue;
    const depositEnd = BigInt(h.depositEndHeight);
    const votingEnd = BigInt(h.votingEndHeight);
    k.setHeights(ctx, p.id, { depositEnd, votingEnd });
    if (p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD) k.enqueueDeposit(ctx, depositEnd, p.id);
    if (p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) k.enqueueVoting(ctx, votingEnd, p.id);
  }
  for (const d of g.deposits) k.setDeposit(ctx, d);
  for (const v of g.votes) k.setVote(ctx, v);
}

export function exportGenesis(k: GovKeeper, ctx: Context): GovGenesisJson {
  const proposals = [...k.proposals(ctx)];
  const open = proposals.filter((p) => p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD || p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);
  const g = GenesisState.fromPartial({
    startingProposalId: k.nextProposalId(ctx),
    params: k.params(ctx),
    proposals,
    deposits: open.flatMap((p) => k.deposits(ctx, p.id)),
    votes: proposals.flatMap((p) => k.votes(ctx, p.id)),
  });
  const proposalHeights = open.map((p) => {
    const h = k.heights(ctx, p.id);
    return { proposalId: String(p.id), depositEndHeight: String(h.depositEnd), votingEndHeight: String(h.votingEnd) };
  });
  return { ...(GenesisState.toJSON(g) as object), proposalHeights };
}
