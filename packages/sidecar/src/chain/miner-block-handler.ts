// What one followed block changes for a miner, with no RPC: committees for the seat checks, reveal phases (and
// their seeds) for the scheduler, params updates for the reveal sender, tx results for the submitter.
import type { FollowedBlock } from "@nesa/client";
import type { ChainAssignmentSource } from "./chain-assignment-source";
import { inferenceEvents } from "./inference-events";
import type { RevealScheduler } from "./reveal-scheduler";
import type { RevealSender } from "./reveal-sender";
import type { TxSubmitter } from "./tx-submitter";

export type MinerBlockParts = {
  submitter: TxSubmitter;
  assignments?: ChainAssignmentSource;
  /** Absent until the miner node (Redis, tensors) is up: blocks before that only settle txs. */
  reveals?: () => { sender: RevealSender; scheduler: RevealScheduler } | undefined;
};

/** The ChainFollower `onBlock` handler of a miner. */
export function minerBlockHandler(parts: MinerBlockParts): (block: FollowedBlock) => void {
  return (block) => {
    const ev = inferenceEvents(block);
    parts.assignments?.onBlock(ev);
    const r = parts.reveals?.();
    r?.sender.paramsSeen(ev.paramsUpdated);
    // Before the submitter: a commit this block settles then finds the reveal phase this block opened.
    r?.scheduler.onBlock(ev);
    parts.submitter.onBlock(block);
  };
}
