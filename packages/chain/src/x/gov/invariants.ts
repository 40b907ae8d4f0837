// x/gov invariants: the module account holds exactly the open proposals' deposits, and every open
// proposal sits in exactly the queue of its period.
import { ProposalStatus } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context, Invariant } from "../../app/module";
import { BOND_DENOM } from "../stakingext/coins";
import type { GovKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";

const sum = (coins: { denom: string; amount: string }[]) => coins.reduce((s, c) => (c.denom === BOND_DENOM ? s + BigInt(c.amount) : s), 0n);

export function depositsInvariant(k: GovKeeper): Invariant {
  return {
    name: "gov/module-account-equals-deposits",
    check(ctx: Context) {
      let total = 0n;
      for (const p of k.proposals(ctx)) {
        const deps = k.deposits(ctx, p.id).reduce((s, d) => s + sum(d.amount), 0n);
        const open = p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD || p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
        if (!open && deps !== 0n) return `closed proposal ${p.id} still holds deposits (${deps}unes)`;
        if (open && deps !== sum(p.totalDeposit)) return `proposal ${p.id}: deposits ${deps}unes, total_deposit ${sum(p.totalDeposit)}unes`;
        total += deps;
      }
      const held = k.deps.bank.balance(ctx, k.deps.bank.moduleAddress(MODULE_NAME));
      return held === total ? undefined : `gov module account holds ${held}unes, open deposits are ${total}unes`;
    },
  };
}

export function queuesInvariant(k: GovKeeper): Invariant {
  return {
    name: "gov/open-proposals-queued",
    check(ctx: Context) {
      for (const p of k.proposals(ctx)) {
        const h = k.heights(ctx, p.id);
        const inDeposit = k.queuedAt(ctx, "deposit", h.depositEnd).includes(p.id);
        const inVoting = h.votingEnd > 0n && k.queuedAt(ctx, "voting", h.votingEnd).includes(p.id);
        if (p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD && (!inDeposit || inVoting)) return `proposal ${p.id} (deposit period) is not queued at ${h.depositEnd} alone`;
        if (p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD && (!inVoting || inDeposit)) return `proposal ${p.id} (voting period) is not queued at ${h.votingEnd} alone`;
        if (p.status > ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD && (inDeposit || inVoting)) return `finished proposal ${p.id} is still queued`;
      }
      return undefined;
    },
  };
}
