// Deposits: adding one (and opening the vote when min_deposit is reached), refunding and burning.
import { ProposalStatus } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context } from "../../app/module";
import { BOND_DENOM } from "../stakingext/coins";
import { addSeconds, timestampOf } from "./dec";
import { ErrInactiveProposal, ErrInsufficientFunds, ErrInvalidDeposit, ErrInvalidDepositDenom, ErrUnknownProposal } from "./errors";
import { emitDeposit, emitVotingPeriodStart } from "./events";
import type { GovKeeper } from "./keeper";
import { MODULE_NAME } from "./keys";
import { rulesOf } from "./params";

/** A deposit's amount: unes only (gov/23), a whole positive number unless `allowZero` (gov/26). */
export function depositAmount(coins: { denom: string; amount: string }[], allowZero: boolean): bigint {
  let total = 0n;
  for (const c of coins) {
    if (c.denom !== BOND_DENOM) throw ErrInvalidDepositDenom.wrap(`deposits are in ${BOND_DENOM}, got "${c.denom}"`);
    if (!/^\d{1,30}$/.test(c.amount)) throw ErrInvalidDeposit.wrap(`amount "${c.amount}" is not a whole number of ${BOND_DENOM}`);
    total += BigInt(c.amount);
  }
  if (total === 0n && !allowZero) throw ErrInvalidDeposit.wrap("the deposit must be positive");
  return total;
}

function sumOf(coins: { denom: string; amount: string }[]): bigint {
  return coins.reduce((s, c) => (c.denom === BOND_DENOM ? s + BigInt(c.amount) : s), 0n);
}

/** Checks everything first (no state change on error), then moves the coins and updates the records. */
export function addDeposit(k: GovKeeper, ctx: Context, id: bigint, depositor: string, amount: bigint): void {
  const p = k.getProposal(ctx, id);
  if (!p) throw ErrUnknownProposal.wrap(`proposal ${id} does not exist`);
  if (p.status !== ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD && p.status !== ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) {
    throw ErrInactiveProposal.wrap(`proposal ${id} is ${ProposalStatus[p.status]}: deposits are closed`);
  }
  if (amount === 0n) return;
  const balance = k.deps.bank.balance(ctx, depositor);
  if (balance < amount) throw ErrInsufficientFunds.wrap(`${depositor} holds ${balance}${BOND_DENOM}, the deposit is ${amount}${BOND_DENOM}`);
  k.deps.bank.sendAccountToModule(ctx, depositor, MODULE_NAME, amount);
  const prev = k.getDeposit(ctx, id, depositor);
  const mine = (prev ? sumOf(prev.amount) : 0n) + amount;
  k.setDeposit(ctx, { proposalId: id, depositor, amount: [{ denom: BOND_DENOM, amount: String(mine) }] });
  const total = sumOf(p.totalDeposit) + amount;
  p.totalDeposit = [{ denom: BOND_DENOM, amount: String(total) }];
  emitDeposit(ctx, id, depositor, amount);
  const rules = rulesOf(k.params(ctx));
  if (p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD && total >= rules.minDeposit) {
    const h = k.heights(ctx, id);
    k.dequeueDeposit(ctx, h.depositEnd, id);
    const votingEnd = ctx.height + rules.votingBlocks;
    k.setHeights(ctx, id, { depositEnd: h.depositEnd, votingEnd });
    k.enqueueVoting(ctx, votingEnd, id);
    p.status = ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
    p.votingStartTime = timestampOf(ctx.blockTime);
    p.votingEndTime = addSeconds(p.votingStartTime, rules.votingBlocks);
    emitVotingPeriodStart(ctx, id);
  }
  k.setProposal(ctx, p);
}

/** Pays every deposit of the proposal back (`burn` false) or burns them all, and drops the records. */
export function closeDeposits(k: GovKeeper, ctx: Context, id: bigint, burn: boolean): bigint {
  let total = 0n;
  for (const d of k.deposits(ctx, id)) {
    const amount = sumOf(d.amount);
    total += amount;
    if (!burn && amount > 0n) k.deps.bank.sendModuleToAccount(ctx, MODULE_NAME, d.depositor, amount);
  }
  if (burn && total > 0n) k.deps.bank.burnFromModule(ctx, MODULE_NAME, total);
  k.deleteDeposits(ctx, id);
  return total;
}
