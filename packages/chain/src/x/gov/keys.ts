// The whole x/gov state layout (inside the module's prefix store). One byte per collection;
// variable-length parts length-prefixed, heights and ids fixed-width big-endian.
//
//   0x01                                → cosmos.gov.v1.Params
//   0x02                                → next proposal id (u64)
//   0x03 | u64(id)                      → cosmos.gov.v1.Proposal
//   0x04 | u64(height) | u64(id)        → ∅  deposit-period queue: the deposit period ends at height
//   0x05 | u64(height) | u64(id)        → ∅  voting-period queue: the vote is tallied at height
//   0x06 | u64(id) | lp(depositor)      → cosmos.gov.v1.Deposit (open proposals only)
//   0x07 | u64(id) | lp(voter)          → cosmos.gov.v1.Vote (kept after the tally)
//   0x08 | u64(id)                      → u64(deposit_end_height) | u64(voting_end_height, 0 = not voting)
import { concatKey, lengthPrefixed, u64Key } from "../stakingext/store-util";

export const MODULE_NAME = "gov";

export const PARAMS_KEY = Uint8Array.of(0x01);
export const NEXT_ID_KEY = Uint8Array.of(0x02);
export const PROPOSAL_PREFIX = Uint8Array.of(0x03);
export const DEPOSIT_QUEUE_PREFIX = Uint8Array.of(0x04);
export const VOTING_QUEUE_PREFIX = Uint8Array.of(0x05);
export const DEPOSIT_PREFIX = Uint8Array.of(0x06);
export const VOTE_PREFIX = Uint8Array.of(0x07);
export const HEIGHTS_PREFIX = Uint8Array.of(0x08);

export const proposalKey = (id: bigint) => concatKey(PROPOSAL_PREFIX, u64Key(id));
export const depositQueueKey = (height: bigint, id: bigint) => concatKey(DEPOSIT_QUEUE_PREFIX, u64Key(height), u64Key(id));
export const depositQueueHeightPrefix = (height: bigint) => concatKey(DEPOSIT_QUEUE_PREFIX, u64Key(height));
export const votingQueueKey = (height: bigint, id: bigint) => concatKey(VOTING_QUEUE_PREFIX, u64Key(height), u64Key(id));
export const votingQueueHeightPrefix = (height: bigint) => concatKey(VOTING_QUEUE_PREFIX, u64Key(height));
export const depositsPrefix = (id: bigint) => concatKey(DEPOSIT_PREFIX, u64Key(id));
export const depositKey = (id: bigint, depositor: string) => concatKey(DEPOSIT_PREFIX, u64Key(id), lengthPrefixed(depositor));
export const votesPrefix = (id: bigint) => concatKey(VOTE_PREFIX, u64Key(id));
export const voteKey = (id: bigint, voter: string) => concatKey(VOTE_PREFIX, u64Key(id), lengthPrefixed(voter));
export const heightsKey = (id: bigint) => concatKey(HEIGHTS_PREFIX, u64Key(id));
