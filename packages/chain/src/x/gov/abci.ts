// EndBlock: proposals whose deposit period lapsed are dropped (deposits burned or refunded), and
// proposals whose vote ends here are tallied; a passed one runs its msgs atomically as the gov account.
import { ProposalStatus } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context } from "../../app/module";
import type { AbciEvent } from "../../node/types";
import { ChainError } from "../../errors/chain-error";
import { timestampOf } from "./dec";
import { closeDeposits } from "./deposits";
import { emitActiveProposal, emitInactiveProposal } from "./events";
import type { GovKeeper } from "./keeper";
import { rulesOf } from "./params";
import { countVotes, decide, tallyResult, totalVotingPower } from "./tally";

export function endBlockGov(k: GovKeeper, ctx: Context): void {
  const rules = rulesOf(k.params(ctx));
  for (const id of k.queuedAt(ctx, "deposit", ctx.height)) {
    k.dequeueDeposit(ctx, ctx.height, id);
    closeDeposits(k, ctx, id, rules.burnProposalDepositPrevote);
    k.deleteProposal(ctx, id);
    emitInactiveProposal(ctx, id);
  }
  for (const id of k.queuedAt(ctx, "voting", ctx.height)) {
    k.dequeueVoting(ctx, ctx.height, id);
    const p = k.getProposal(ctx, id);
    if (!p) continue;
    const counts = countVotes(k, ctx, k.votes(ctx, id));
    const outcome = decide(counts, totalVotingPower(k, ctx), rules);
    closeDeposits(k, ctx, id, outcome.burn);
    p.finalTallyResult = tallyResult(counts);
    p.votingEndTime = timestampOf(ctx.blockTime);
    if (!outcome.passes) {
      p.status = ProposalStatus.PROPOSAL_STATUS_REJECTED;
      k.setProposal(ctx, p);
      emitActiveProposal(ctx, id, "proposal_rejected", outcome.reason);
      continue;
    }
    const failure = execute(k, ctx, p.messages);
    if (failure) {
      p.status = ProposalStatus.PROPOSAL_STATUS_FAILED;
      p.failedReason = failure;
      k.setProposal(ctx, p);
      emitActiveProposal(ctx, id, "proposal_failed", failure);
    } else {
      p.status = ProposalStatus.PROPOSAL_STATUS_PASSED;
      k.setProposal(ctx, p);
      emitActiveProposal(ctx, id, "proposal_passed");
    }
  }
}

/** Runs the msgs in a cache-wrapped context: all are written, or none (returns why). */
function execute(k: GovKeeper, ctx: Context, messages: { typeUrl: string; value: Uint8Array }[]): string | undefined {
  if (messages.length === 0) return undefined;
  if (!ctx.branch) return "the context cannot be branched";
  const b = ctx.branch();
  let i = 0;
  try {
    for (; i < messages.length; i++) {
      const h = k.route(messages[i].typeUrl);
      if (!h) throw new Error(`no route for ${messages[i].typeUrl}`);
      const msg = h.decode(messages[i].value);
      const signers = h.signers(msg);
      if (signers.length !== 1 || signers[0] !== k.authority) throw new Error(`signer ${signers.join(",")} is not the gov account`);
      h.validateBasic?.(msg);
      h.handle(b.ctx, msg);
    }
  } catch (e) {
    const what = e instanceof ChainError ? `${e.codespace}/${e.code}: ${e.message}` : (e as Error).message;
    return `message ${i} (${messages[i]?.typeUrl}): ${what}`;
  }
  b.write();
  for (const ev of b.events()) ctx.eventManager.emit(withProposalMsgIndex(ev));
  return undefined;
}

function withProposalMsgIndex(ev: AbciEvent): AbciEvent {
  return { type: ev.type, attributes: [...ev.attributes, { key: "mode", value: "EndBlock", index: true }] };
}
