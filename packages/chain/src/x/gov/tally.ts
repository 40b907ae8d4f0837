// Voting power and the tally (integer arithmetic only).
//
// Voting power of an account = its liquid unes + its bonded miner stake, read at the block that
// tallies (the end of the voting period, EndBlock, after the block's txs). Each unes sits in exactly
// one account at that moment, so a token counts for at most one vote per proposal however often it
// moved while the vote was open: tokens sent away after voting count for the receiver (if it voted),
// no longer for the sender. Module accounts (escrows, deposits, the stake pool, the community pool)
// never vote; the stake pool's bonded part counts through its miners. Unbonding stake does not count
// (it is leaving, as in the SDK).
import type { TallyResult, Vote } from "cosmjs-types/cosmos/gov/v1/gov";
import { VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import type { Context } from "../../app/module";
import { DEC_ONE, parseDec } from "./dec";
import type { GovKeeper } from "./keeper";
import type { GovRules } from "./params";

export function votingPower(k: GovKeeper, ctx: Context, address: string, blocked: Set<string> = new Set(k.deps.blockedAddresses())): bigint {
  if (blocked.has(address)) return 0n;
  return k.deps.bank.balance(ctx, address) + k.deps.bondedOf(ctx, address);
}

/** Every token that could vote: supply − module accounts + bonded stake. */
export function totalVotingPower(k: GovKeeper, ctx: Context): bigint {
  let held = 0n;
  for (const a of k.deps.blockedAddresses()) held += k.deps.bank.balance(ctx, a);
  return k.deps.bank.supply(ctx) - held + k.deps.totalBonded(ctx);
}

export interface TallyCounts {
  yes: bigint;
  abstain: bigint;
  no: bigint;
  noWithVeto: bigint;
  /** Σ voters' power (whole power, whatever the weights). */
  voted: bigint;
}

export function countVotes(k: GovKeeper, ctx: Context, votes: Vote[]): TallyCounts {
  const blocked = new Set(k.deps.blockedAddresses());
  const scaled = new Map<VoteOption, bigint>();
  let voted = 0n;
  for (const v of votes) {
    const power = votingPower(k, ctx, v.voter, blocked);
    if (power === 0n) continue;
    voted += power;
    for (const o of v.options) scaled.set(o.option, (scaled.get(o.option) ?? 0n) + power * (parseDec(o.weight) ?? 0n));
  }
  const get = (o: VoteOption) => (scaled.get(o) ?? 0n) / DEC_ONE;
  return {
    yes: get(VoteOption.VOTE_OPTION_YES),
    abstain: get(VoteOption.VOTE_OPTION_ABSTAIN),
    no: get(VoteOption.VOTE_OPTION_NO),
    noWithVeto: get(VoteOption.VOTE_OPTION_NO_WITH_VETO),
    voted,
  };
}

export function tallyResult(c: TallyCounts): TallyResult {
  return { yesCount: String(c.yes), abstainCount: String(c.abstain), noCount: String(c.no), noWithVetoCount: String(c.noWithVeto) };
}

export type Outcome = { passes: boolean; burn: boolean; reason: "quorum" | "all-abstain" | "veto" | "threshold" | "passed" };

/** The SDK's tally rule: quorum of all voting power, veto of the votes cast, threshold of the non-abstain votes. */
export function decide(c: TallyCounts, total: bigint, r: GovRules): Outcome {
  if (total === 0n || c.voted * DEC_ONE < r.quorum * total) return { passes: false, burn: r.burnVoteQuorum, reason: "quorum" };
  if (c.voted - c.abstain === 0n) return { passes: false, burn: false, reason: "all-abstain" };
  if (c.noWithVeto * DEC_ONE > r.vetoThreshold * c.voted) return { passes: false, burn: r.burnVoteVeto, reason: "veto" };
  if (c.yes * DEC_ONE > r.threshold * (c.voted - c.abstain)) return { passes: true, burn: false, reason: "passed" };
  return { passes: false, burn: false, reason: "threshold" };
}
