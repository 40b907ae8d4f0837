// Governance in the simulation: now and then a user submits a proposal (x/payforquery or x/staking-ext
// MsgUpdateParams — valid, or failing at execution —, a community-pool spend of x/distribution, or text
// only), holders and miners vote on it, and the tally in EndBlock passes, rejects, vetoes or fails it.
// Voting periods are short (sim-world.ts).
import { MsgCommunityPoolSpend } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { MsgDeposit, MsgSubmitProposal, MsgVote } from "cosmjs-types/cosmos/gov/v1/tx";
import { VoteOption } from "cosmjs-types/cosmos/gov/v1/gov";
import { moduleAddress } from "../x/auth/keeper";
import { defaultParams as payDefaults } from "../x/payforquery/params";
import * as pfq from "../x/payforquery/proto";
import { defaultParams as stakingDefaults } from "../x/stakingext/params";
import * as stk from "../x/stakingext/proto";
import type { StoredBlock } from "../node/types";
import { eventsOf } from "./block-events";
import type { Rng } from "./rng";
import type { AnyMsg } from "./tx-builder";

export const SIM_MIN_DEPOSIT = 1_000_000n;
const GOV = moduleAddress("gov");
const coin = (amount: bigint) => [{ denom: "unes", amount: amount.toString() }];

/**
 * A proposal msg: new speed_share or reputation params, a community-pool spend (small, or more than the pool
 * can hold: FAILED at execution), or one whose execution fails (invalid params).
 */
function proposalMsgs(rng: Rng, recipient: string): { typeUrl: string; value: Uint8Array }[] {
  const k = rng.int(5);
  if (k === 0) return []; // text only
  if (k === 4) {
    const amount = rng.chance(75) ? 1n + rng.bigint(1_000n) : 10n ** 18n;
    const msg = MsgCommunityPoolSpend.fromPartial({ authority: GOV, recipient, amount: coin(amount) });
    return [{ typeUrl: "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", value: MsgCommunityPoolSpend.encode(msg).finish() }];
  }
  if (k === 1) {
    const params = { ...payDefaults(), speedShare: rng.int(500_001) };
    return [{ typeUrl: "/nesa.payforquery.v1.MsgUpdateParams", value: pfq.MsgUpdateParams.encode({ authority: GOV, params }).finish() }];
  }
  if (k === 2) {
    const params = { ...stakingDefaults(), unbondingBlocks: 20n, jailBlocks: 10n, maxMissed: 3, missedWindow: 50n, reputationPenalty: 500_000 + rng.int(500_001), reputationReward: 1_000_000 + rng.int(50_001) };
    return [{ typeUrl: "/nesa.stakingext.v1.MsgUpdateParams", value: stk.MsgUpdateParams.encode({ authority: GOV, params }).finish() }];
  }
  // Passes validateBasic, fails at execution (reputation_min 0): a FAILED proposal that changes nothing.
  const params = { ...stakingDefaults(), reputationMin: 0n };
  return [{ typeUrl: "/nesa.stakingext.v1.MsgUpdateParams", value: stk.MsgUpdateParams.encode({ authority: GOV, params }).finish() }];
}

export class SimGov {
  /** Proposals in their voting period, learnt from the blocks' events (all submitted with the full deposit). */
  private readonly voting: bigint[] = [];
  /** rejected = vetoed + noQuorum + threshold (+ all-abstain); poolSpends = passed community-pool spends. */
  readonly results = { submitted: 0, passed: 0, rejected: 0, failed: 0, vetoed: 0, noQuorum: 0, threshold: 0, poolSpends: 0 };

  constructor(private readonly rng: Rng) {}

  /** This block's gov msgs: a new proposal now and then, votes on the open ones, an occasional bad msg. */
  plan(voters: string[], add: (s: string, m: AnyMsg) => void, bad: (s: string, m: AnyMsg) => void): void {
    if (this.rng.chance(3)) {
      const proposer = this.rng.pick(voters);
      const msg = MsgSubmitProposal.fromPartial({ messages: proposalMsgs(this.rng, this.rng.pick(voters)), initialDeposit: coin(SIM_MIN_DEPOSIT), proposer, metadata: "", title: "sim", summary: "a simulated proposal" });
      add(proposer, { typeUrl: "/cosmos.gov.v1.MsgSubmitProposal", value: MsgSubmitProposal.encode(msg).finish() });
    }
    const options = [VoteOption.VOTE_OPTION_YES, VoteOption.VOTE_OPTION_NO, VoteOption.VOTE_OPTION_NO_WITH_VETO, VoteOption.VOTE_OPTION_ABSTAIN];
    for (const id of this.voting) {
      // Each proposal leans one way (by id): yes, no, veto or abstain, or (lean 4) hardly anyone votes. Voting
      // power is every holder's balance + bonded stake, so quorum (1/3 of it) needs about a third of the
      // holders: ~6 voters a block over the 8-block vote reach it; the quiet ones do not.
      const lean = Number(id % 5n);
      const turnout = lean === 4 ? (this.rng.chance(30) ? 1 : 0) : 3 + this.rng.int(7);
      for (let i = turnout; i > 0; i--) {
        const voter = this.rng.pick(voters);
        const option = lean < 4 && this.rng.int(100) < 70 ? options[lean] : options[this.rng.int(4)];
        add(voter, { typeUrl: "/cosmos.gov.v1.MsgVote", value: MsgVote.encode({ proposalId: id, voter, option, metadata: "" }).finish() });
      }
    }
    if (this.rng.chance(2)) {
      // A deposit or vote on a proposal that does not exist (or is closed): a registered gov error.
      const voter = this.rng.pick(voters);
      const id = 1_000_000n + BigInt(this.rng.int(1000));
      bad(voter, this.rng.chance(50)
        ? { typeUrl: "/cosmos.gov.v1.MsgVote", value: MsgVote.encode({ proposalId: id, voter, option: VoteOption.VOTE_OPTION_YES, metadata: "" }).finish() }
        : { typeUrl: "/cosmos.gov.v1.MsgDeposit", value: MsgDeposit.encode({ proposalId: id, depositor: voter, amount: coin(1n) }).finish() });
    }
  }

  /** Learns proposals entering their vote (submit_proposal{voting_period_start}) and tallied ones (active_proposal). */
  observe(block: StoredBlock): void {
    for (const e of eventsOf(block, "submit_proposal", { fromJSON: (o: any) => o })) {
      if (e.voting_period_start !== undefined) {
        this.voting.push(BigInt(e.voting_period_start));
        this.results.submitted++;
      }
    }
    for (const e of eventsOf(block, "active_proposal", { fromJSON: (o: any) => o })) {
      const i = this.voting.indexOf(BigInt(e.proposal_id));
      if (i >= 0) this.voting.splice(i, 1);
      if (e.proposal_result === "proposal_passed") this.results.passed++;
      else if (e.proposal_result === "proposal_failed") this.results.failed++;
      else {
        this.results.rejected++;
        if (e.proposal_log === "veto") this.results.vetoed++;
        else if (e.proposal_log === "quorum") this.results.noQuorum++;
        else this.results.threshold++;
      }
    }
    this.results.poolSpends += eventsOf(block, "community_pool_spend", { fromJSON: (o: unknown) => o }).length;
  }
}
