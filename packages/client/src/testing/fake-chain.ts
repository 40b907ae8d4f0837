// Unit-test helper: chain records for a query whose committee is drawn exactly as x/inference draws it, from a
// real ECVRF beacon — so tests can tamper with one field at a time and watch the client's checks catch it.
import {
  ECVRF_SECP256K1_SHA256_TAI,
  beaconAlpha,
  committeeSeed,
  drawCommittee,
  vrfProofToHash,
  vrfProve,
  vrfPublicKey,
} from "@nesa/crypto";
import { inferenceQuery, inferenceState } from "@nesa/proto-types";

export const FAKE_CHAIN_ID = "nesa-localnet-1";
export const PROPOSER_SK = new Uint8Array(32).fill(7);
export const PROPOSER_PK = vrfPublicKey(ECVRF_SECP256K1_SHA256_TAI, PROPOSER_SK);

export interface FakeAssignment {
  query: inferenceState.InferenceQuery;
  committee: inferenceQuery.QueryCommitteeResponse;
}

export function fakeAssignment(opts: { queryId?: bigint; height?: bigint; shards?: number; replicas?: number; miners?: number } = {}): FakeAssignment {
  const queryId = opts.queryId ?? 7n;
  const height = opts.height ?? 12n;
  const shards = opts.shards ?? 2;
  const replicas = opts.replicas ?? 1;
  const prevAppHash = new Uint8Array(32).fill(3);
  const proof = vrfProve(ECVRF_SECP256K1_SHA256_TAI, PROPOSER_SK, beaconAlpha(FAKE_CHAIN_ID, height, prevAppHash));
  const beacon = inferenceState.Beacon.fromPartial({ height, proof, proposerPubkey: PROPOSER_PK, prevAppHash });
  return fill(queryId, shards, replicas, opts.miners ?? 4, beacon);
}

function fill(queryId: bigint, shards: number, replicas: number, minerCount: number, beacon: inferenceState.Beacon): FakeAssignment {
  const output = vrfProofToHash(ECVRF_SECP256K1_SHA256_TAI, beacon.proof);
  const fullBeacon = { ...beacon, output };
  const seed = committeeSeed(output, queryId);
  const candidates = Array.from({ length: minerCount }, (_, i) => ({ miner: `nesa1miner${i}`, stake: { denom: "unes", amount: String(1_000_000 * (i + 1)) } }));
  const seats = drawCommittee({ seed, candidates: candidates.map((c) => ({ address: c.miner, weight: BigInt(c.stake.amount) })), shards, replicas });
  const query = inferenceState.InferenceQuery.fromPartial({
    id: queryId, modelId: "lande", shards, replicas, status: inferenceState.QueryStatus.QUERY_STATUS_ASSIGNED,
    assignedHeight: beacon.height, committeeSeed: seed, seats, candidates,
  });
  const committee = inferenceQuery.QueryCommitteeResponse.fromPartial({ seats, beacon: fullBeacon, seed, candidates });
  return { query, committee };
}
