// toPendingQuery on hand-made chain records: which replica pipelines still need their shard-0 job.
import { inferenceState } from "@nesa/proto-types";
import { describe, expect, it } from "vitest";
import { toPendingQuery } from "./pending-work";

const seat = (shard: number, replica: number) => ({ shard, replica, miner: `m${shard}${replica}` });
const commit = (shard: number, replica: number) => ({ ...seat(shard, replica), commitment: new Uint8Array(32), height: 5n });

function record(commits: ReturnType<typeof commit>[]): inferenceState.InferenceQuery {
  return inferenceState.InferenceQuery.fromPartial({
    id: 2n ** 60n + 1n,
    status: inferenceState.QueryStatus.QUERY_STATUS_COMMITTING,
    privacy: 1,
    inputCommitment: new Uint8Array(32).fill(0xab),
    shards: 2,
    replicas: 3,
    seats: [seat(1, 2), seat(0, 0), seat(0, 1), seat(0, 2), seat(1, 0), seat(1, 1)],
    commits,
  });
}

describe("toPendingQuery", () => {
  it("lists the shard-0 seat of every replica, in replica order, with the input digest and a u64-safe id", () => {
    const p = toPendingQuery(record([]));
    expect(p.queryId).toBe("1152921504606846977");
    expect(p.inputDigest).toBe("ab".repeat(32));
    expect(p.shard0).toEqual([
      { replica: 0, miner: "m00" },
      { replica: 1, miner: "m01" },
      { replica: 2, miner: "m02" },
    ]);
  });

  it("drops a replica only once every seat of its pipeline has committed", () => {
    // Replica 0 fully committed; replica 1 only at shard 0 (shard 1 still needs shard 0's output); replica 2 none.
    const p = toPendingQuery(record([commit(0, 0), commit(1, 0), commit(0, 1)]));
    expect(p.shard0.map((s) => s.replica)).toEqual([1, 2]);
  });
});
