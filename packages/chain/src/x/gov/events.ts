// x/gov events with the SDK's untyped names and attributes (x/gov/types/events.go), so explorers and
// `tx_search "proposal_vote.proposal_id=…"` work as on a Cosmos chain.
import { event } from "../../app/events";
import type { Context } from "../../app/module";

export type ProposalResult = "proposal_passed" | "proposal_rejected" | "proposal_failed" | "proposal_dropped";

export function emitSubmitProposal(ctx: Context, id: bigint, typeUrls: string[]): void {
  ctx.eventManager.emit(event("submit_proposal", { proposal_id: String(id), proposal_messages: `,${typeUrls.join(",")}` }));
}

export function emitVotingPeriodStart(ctx: Context, id: bigint): void {
  ctx.eventManager.emit(event("submit_proposal", { voting_period_start: String(id) }));
}

export function emitDeposit(ctx: Context, id: bigint, depositor: string, amount: bigint): void {
  ctx.eventManager.emit(event("proposal_deposit", { amount: `${amount}unes`, proposal_id: String(id), depositor }));
}

export function emitVote(ctx: Context, id: bigint, voter: string, options: { option: number; weight: string }[]): void {
  ctx.eventManager.emit(event("proposal_vote", { option: JSON.stringify(options), proposal_id: String(id), voter }));
}

export function emitActiveProposal(ctx: Context, id: bigint, result: ProposalResult, log = ""): void {
  ctx.eventManager.emit(event("active_proposal", { proposal_id: String(id), proposal_result: result, ...(log ? { proposal_log: log } : {}) }));
}

export function emitInactiveProposal(ctx: Context, id: bigint): void {
  ctx.eventManager.emit(event("inactive_proposal", { proposal_id: String(id), proposal_result: "proposal_dropped" }));
}

export function emitParamsUpdated(ctx: Context, authority: string): void {
  ctx.eventManager.emit(event("update_params", { module: "gov", authority }));
}
