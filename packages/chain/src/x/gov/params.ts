// x/gov params: the SDK's cosmos.gov.v1.Params, read with one rule of our own — a Duration's
// seconds are a number of blocks (the default block time is 1 s, so explorers show the nominal time).
import type { Params } from "cosmjs-types/cosmos/gov/v1/gov";
import { BOND_DENOM } from "../stakingext/coins";
import { DEC_ONE, formatDec, parseDec } from "./dec";
import { ErrInvalidParams } from "./errors";

export function defaultParams(): Params {
  return {
    minDeposit: [{ denom: BOND_DENOM, amount: "10000000" }],
    maxDepositPeriod: { seconds: 100n, nanos: 0 },
    votingPeriod: { seconds: 100n, nanos: 0 },
    quorum: formatDec(334n * 10n ** 15n),
    threshold: formatDec(DEC_ONE / 2n),
    vetoThreshold: formatDec(334n * 10n ** 15n),
    minInitialDepositRatio: formatDec(0n),
    proposalCancelRatio: formatDec(DEC_ONE / 2n),
    proposalCancelDest: "",
    expeditedVotingPeriod: { seconds: 50n, nanos: 0 },
    expeditedThreshold: formatDec(667n * 10n ** 15n),
    expeditedMinDeposit: [{ denom: BOND_DENOM, amount: "50000000" }],
    burnVoteQuorum: false,
    burnProposalDepositPrevote: true,
    burnVoteVeto: true,
    minDepositRatio: formatDec(DEC_ONE / 100n),
  };
}

/** The params as the keeper uses them: integers only. */
export interface GovRules {
  minDeposit: bigint;
  depositBlocks: bigint;
  votingBlocks: bigint;
  quorum: bigint;
  threshold: bigint;
  vetoThreshold: bigint;
  minInitialDepositRatio: bigint;
  minDepositRatio: bigint;
  burnVoteQuorum: boolean;
  burnProposalDepositPrevote: boolean;
  burnVoteVeto: boolean;
}

function dec(name: string, s: string, opts: { positive?: boolean } = {}): bigint {
  const v = parseDec(s);
  if (v === undefined) throw ErrInvalidParams.wrap(`${name} "${s}" is not a decimal`);
  if (v > DEC_ONE) throw ErrInvalidParams.wrap(`${name} ${s} is above 1`);
  if (opts.positive && v === 0n) throw ErrInvalidParams.wrap(`${name} must be positive`);
  return v;
}

function blocks(name: string, d: { seconds: bigint; nanos: number } | undefined): bigint {
  if (!d || d.seconds <= 0n || d.nanos !== 0) throw ErrInvalidParams.wrap(`${name} must be a whole positive number of blocks (Duration seconds, nanos 0)`);
  return d.seconds;
}

function unes(name: string, coins: { denom: string; amount: string }[]): bigint {
  if (coins.length !== 1 || coins[0].denom !== BOND_DENOM || !/^[1-9]\d{0,30}$/.test(coins[0].amount)) {
    throw ErrInvalidParams.wrap(`${name} must be one positive amount of ${BOND_DENOM}`);
  }
  return BigInt(coins[0].amount);
}

/** Validates every field (throws gov/24 naming it) and returns the integer view. */
export function rulesOf(p: Params | undefined): GovRules {
  if (!p) throw ErrInvalidParams.wrap("params are missing");
  unes("expedited_min_deposit", p.expeditedMinDeposit);
  const votingBlocks = blocks("voting_period", p.votingPeriod);
  if (blocks("expedited_voting_period", p.expeditedVotingPeriod) >= votingBlocks) {
    throw ErrInvalidParams.wrap("expedited_voting_period must be shorter than voting_period");
  }
  dec("expedited_threshold", p.expeditedThreshold, { positive: true });
  dec("proposal_cancel_ratio", p.proposalCancelRatio);
  return {
    minDeposit: unes("min_deposit", p.minDeposit),
    depositBlocks: blocks("max_deposit_period", p.maxDepositPeriod),
    votingBlocks,
    quorum: dec("quorum", p.quorum),
    threshold: dec("threshold", p.threshold, { positive: true }),
    vetoThreshold: dec("veto_threshold", p.vetoThreshold, { positive: true }),
    minInitialDepositRatio: dec("min_initial_deposit_ratio", p.minInitialDepositRatio),
    minDepositRatio: dec("min_deposit_ratio", p.minDepositRatio),
    burnVoteQuorum: p.burnVoteQuorum,
    burnProposalDepositPrevote: p.burnProposalDepositPrevote,
    burnVoteVeto: p.burnVoteVeto,
  };
}
