// The whole x/inference state layout (inside the module's prefix store).
//
//   0x01                          → Params
//   0x02 | lp(model_id)           → Model
//   0x03 | u64(query_id)          → InferenceQuery
//   0x04 | status | u64(query_id) → ∅   status index (exactly one entry per query: invariant)
//   0x05 | u64(height)            → Beacon
//   0x06                          → u64 latest beacon height
//   0x07                          unused: held one growing EndBlock schedule value per height (a tx's gas then
//                                 grew with the number of queries paid before it in its block)
//   0x08                          unused: held a BeginBlock reveal-start schedule; not reused, so an
//                                 old store's leftovers never decode as something else
//   0x09 | lp(miner) | u64(id)    → ∅   seat index (Queries by miner)
//   0x0B | u64(id) | u32(shard) | u32(replica) → Commit of that seat
//   0x0C | u64(id) | u32(shard) | u32(replica) → Reveal of that seat
//   0x0D | u64(id)                → u32 commits ‖ u32 reveals received
//   0x0E | u64(height)            → u32 number of EndBlock tasks scheduled for that height
//   0x0F | u64(height) | u32(n)   → the n-th task: 9 bytes (task kind, u64 query id)
//   0x0A | u64(query_id)          → the committee's candidate snapshot (an InferenceQuery holding
//                                   only `candidates`): written once, kept out of the record that
//                                   every commit and reveal rewrites
//   0x10 | u64(height)            → u32 number of verdicts reached in that block
//   0x11 | u64(height) | u32(n)   → the n-th: u64 query id ‖ 32-byte Merkle leaf hash (verdict-leaves.ts)
//   0x12 | u64(height)            → 32-byte state digest after that block, written by the next BeginBlock
//                                   when the block had verdicts (what a receipt needs to rebuild the app hash)
//
// A schedule is a counter plus one fixed-size entry per task, so EndBlock does point reads (never range scans)
// and scheduling costs the same gas however many tasks a height already has. Commits
// and reveals live under their own seat keys, so a commit or reveal writes ~100 bytes instead of
// rewriting the whole query record; readers attach them by point reads over the seats.
import { concatKey, lengthPrefixed, u64Key } from "../stakingext/store-util";

export const MODULE_NAME = "inference";

export const PARAMS_KEY = Uint8Array.of(0x01);
export const MODEL_PREFIX = Uint8Array.of(0x02);
export const QUERY_PREFIX = Uint8Array.of(0x03);
export const STATUS_INDEX_PREFIX = Uint8Array.of(0x04);
export const BEACON_PREFIX = Uint8Array.of(0x05);
export const LATEST_BEACON_KEY = Uint8Array.of(0x06);
export const SCHEDULE_COUNT_PREFIX = Uint8Array.of(0x0e);
export const SCHEDULE_ENTRY_PREFIX = Uint8Array.of(0x0f);
export const SEAT_INDEX_PREFIX = Uint8Array.of(0x09);
export const CANDIDATES_PREFIX = Uint8Array.of(0x0a);
export const COMMIT_PREFIX = Uint8Array.of(0x0b);
export const REVEAL_PREFIX = Uint8Array.of(0x0c);
export const RESULT_COUNTS_PREFIX = Uint8Array.of(0x0d);
export const VERDICT_COUNT_PREFIX = Uint8Array.of(0x10);
export const VERDICT_LEAF_PREFIX = Uint8Array.of(0x11);
export const STATE_DIGEST_PREFIX = Uint8Array.of(0x12);

const u32Key = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

export const modelKey = (id: string) => concatKey(MODEL_PREFIX, lengthPrefixed(id));
export const queryKey = (id: bigint) => concatKey(QUERY_PREFIX, u64Key(id));
export const statusIndexKey = (status: number, id: bigint) => concatKey(STATUS_INDEX_PREFIX, status, u64Key(id));
export const statusIndexPrefix = (status: number) => concatKey(STATUS_INDEX_PREFIX, status);
export const beaconKey = (height: bigint) => concatKey(BEACON_PREFIX, u64Key(height));
export const scheduleCountKey = (height: bigint) => concatKey(SCHEDULE_COUNT_PREFIX, u64Key(height));
export const scheduleEntryKey = (height: bigint, n: number) => concatKey(SCHEDULE_ENTRY_PREFIX, u64Key(height), u32Key(n));
export const seatIndexPrefix = (miner: string) => concatKey(SEAT_INDEX_PREFIX, lengthPrefixed(miner));
export const commitKey = (id: bigint, shard: number, replica: number) => concatKey(COMMIT_PREFIX, u64Key(id), u32Key(shard), u32Key(replica));
export const revealKey = (id: bigint, shard: number, replica: number) => concatKey(REVEAL_PREFIX, u64Key(id), u32Key(shard), u32Key(replica));
export const resultCountsKey = (id: bigint) => concatKey(RESULT_COUNTS_PREFIX, u64Key(id));
export const candidatesKey = (id: bigint) => concatKey(CANDIDATES_PREFIX, u64Key(id));
export const verdictCountKey = (height: bigint) => concatKey(VERDICT_COUNT_PREFIX, u64Key(height));
export const verdictLeafKey = (height: bigint, n: number) => concatKey(VERDICT_LEAF_PREFIX, u64Key(height), u32Key(n));
export const stateDigestKey = (height: bigint) => concatKey(STATE_DIGEST_PREFIX, u64Key(height));
export const seatIndexKey = (miner: string, id: bigint) => concatKey(seatIndexPrefix(miner), u64Key(id));

/** EndBlock tasks, processed per height in this order (then by query id). */
export enum Task {
  ASSIGN = 1,
  CLOSE_COMMIT = 2,
  CLOSE_REVEAL = 3,
  TIMEOUT = 4,
}
