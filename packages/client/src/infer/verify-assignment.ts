// Re-derives a query's committee from public chain data, as PROTOCOL.md §5 promises anyone can: the beacon's
// ECVRF proof must verify under the proposer's key over beaconAlpha(chain_id, height, prev_app_hash), its output
// must be the proof's hash, the seed must be sha256(output ‖ query_id), and the stake-weighted draw over the
// snapshot of candidates (weight = committeeWeight(stake, reputation)) must give exactly the seats the chain assigned. The ECVRF check is memoized per beacon
// (beacon-proof-memo.ts); the seed and the draw are re-derived for every query.
import { REPUTATION_ONE, bytesToHex, committeeSeed, committeeWeight, equalBytes, verifyCommittee } from "@nesa/crypto";
import type { inferenceQuery, inferenceState } from "@nesa/proto-types";
import { ClientErrorCode, CommitteeMismatchError } from "../errors/nesa-error";
import { beaconProofMemo } from "./beacon-proof-memo";

export interface CommitteeSeatInfo {
  readonly shard: number;
  readonly replica: number;
  readonly miner: string;
}

export interface VerifyAssignmentParameters {
  readonly chainId: string;
  /** The chain's record of the query (assigned_height, committee_seed, shards, replicas, seats). */
  readonly query: inferenceState.InferenceQuery;
  /** Query/Committee: seats, the beacon of the assignment height, seed and candidate snapshot. */
  readonly committee: inferenceQuery.QueryCommitteeResponse;
  /**
   * Keys the beacon proposer may have (the validator set at that height). When given, a beacon signed by any
   * other key is refused; without it only the proof's internal consistency is checked.
   */
  readonly proposerPubkeys?: readonly Uint8Array[];
}

export interface VerifyAssignmentReturnType {
  readonly seats: readonly CommitteeSeatInfo[];
  readonly beaconHeight: bigint;
  readonly seedHex: string;
  readonly proposerPubkeyHex: string;
  /** Whether the proposer key was matched against the validator set (not just self-consistent). */
  readonly proposerChecked: boolean;
}

const fail = (short: string, details?: string, code: (typeof ClientErrorCode)["CommitteeMismatch" | "BeaconInvalid"] = ClientErrorCode.CommitteeMismatch): never => {
  throw new CommitteeMismatchError(short, details, code);
};

/**
 * Checks the committee of an assigned query against the VRF beacon; throws CommitteeMismatchError (code
 * CommitteeMismatch or BeaconInvalid) naming the first thing that does not re-derive.
 *
 * @example
 * const committee = await q.inference.committee(id);
 * const { seats } = verifyAssignment({ chainId, query: await q.inference.query(id), committee });
 */
export function verifyAssignment(p: VerifyAssignmentParameters): VerifyAssignmentReturnType {
  const { query, committee } = p;
  const id = query.id;
  const beacon = committee.beacon;
  if (!beacon) return fail(`query ${id}: the chain returned no beacon with its committee`, undefined, ClientErrorCode.BeaconInvalid);
  if (query.assignedHeight === 0n || query.seats.length === 0) return fail(`query ${id} is not assigned yet`, "wait for status ASSIGNED before verifying");
  if (beacon.height !== query.assignedHeight) {
    return fail(`query ${id}: beacon height ${beacon.height} is not the assignment height ${query.assignedHeight}`, undefined, ClientErrorCode.BeaconInvalid);
  }
  // Verified once per beacon per process (the memo's key holds every input, the proof included).
  const vrf = beaconProofMemo.verifyBeacon({ chainId: p.chainId, height: beacon.height, prevAppHash: beacon.prevAppHash, proof: beacon.proof, proposerPubkey: beacon.proposerPubkey });
  if (!vrf.valid) {
    return fail(`query ${id}: the beacon proof of height ${beacon.height} does not verify (${vrf.reason})`, `chain id used: ${p.chainId}; a wrong chain id also fails here`, ClientErrorCode.BeaconInvalid);
  }
  if (!equalBytes(vrf.beta, beacon.output)) {
    return fail(`query ${id}: beacon output of height ${beacon.height} is not the hash of its proof`, `proof hashes to ${bytesToHex(vrf.beta)}, chain says ${bytesToHex(beacon.output)}`, ClientErrorCode.BeaconInvalid);
  }
  const proposerChecked = p.proposerPubkeys !== undefined;
  if (p.proposerPubkeys && !p.proposerPubkeys.some((k) => equalBytes(k, beacon.proposerPubkey))) {
    return fail(`query ${id}: the beacon of height ${beacon.height} was not made by a validator`, `proposer key ${bytesToHex(beacon.proposerPubkey)}`, ClientErrorCode.BeaconInvalid);
  }
  const seed = committeeSeed(vrf.beta, id);
  if (!equalBytes(seed, committee.seed) || !equalBytes(seed, query.committeeSeed)) {
    return fail(`query ${id}: committee seed is not sha256(beacon ‖ query id)`, `expected ${bytesToHex(seed)}, chain says ${bytesToHex(committee.seed)}`);
  }
  // The chain's own weight function (stake × reputation / 10^6); a snapshot without reputation (0) predates it: weight = stake.
  const candidates = committee.candidates.map((c) => ({ address: c.miner, weight: committeeWeight(BigInt(c.stake?.amount ?? "0"), c.reputation === 0n ? REPUTATION_ONE : c.reputation) }));
  const claimed = committee.seats.map((s) => ({ shard: s.shard, replica: s.replica, miner: s.miner }));
  let result: ReturnType<typeof verifyCommittee>;
  try {
    result = verifyCommittee({ seed, candidates, shards: query.shards + query.hssShares, replicas: query.replicas }, claimed);
  } catch (err) {
    return fail(`query ${id}: the committee cannot be re-drawn from its candidates`, (err as Error).message);
  }
  if (!result.valid) {
    const m = result.mismatches[0];
    return fail(
      `query ${id}: the committee does not match the VRF draw (${result.mismatches.length} seat(s) differ)`,
      `seat (shard ${m.shard}, replica ${m.replica}): expected ${m.expected ?? "none"}, chain says ${m.claimed ?? "none"}`,
    );
  }
  const same = claimed.length === query.seats.length && claimed.every((s, i) => s.miner === query.seats[i].miner && s.shard === query.seats[i].shard && s.replica === query.seats[i].replica);
  if (!same) return fail(`query ${id}: Query/Committee and Query/Query disagree on the seats`);
  return { seats: claimed, beaconHeight: beacon.height, seedHex: bytesToHex(seed), proposerPubkeyHex: bytesToHex(beacon.proposerPubkey), proposerChecked };
}
