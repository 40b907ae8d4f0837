// Who sits where: the committee of a query and the shards of its model. On a real network this comes from the
// chain (x/inference Query + the model registration); the static source serves tests and local dry runs.

import type { GenerationParams } from "../generation/generation-seat";

export type ShardSpec = { index: number; sha256: string; sizeBytes?: number };

export type Assignment = {
  queryId: string;
  modelId: string;
  shards: ShardSpec[];
  /** seats[shard][replica] = miner address. */
  seats: string[][];
  /** HSS-EE queries: the share stage, the combine stage that replaces shard 0, and who runs each share. */
  hss?: HssAssignment;
  /** Generator (decoder) queries: what the decoding loop needs; absent for one-pass models. */
  generation?: GenerationParams;
};

export type HssAssignment = {
  share: ShardSpec;
  combine: ShardSpec;
  /** shareSeats[replica] = [miner of share 0, miner of share 1] (two different miners). */
  shareSeats: string[][];
  /**
   * Hex input_commitment of the query on chain = sha256(d0 ‖ d1), d_n the sha256 of share n's encoding. When
   * set, a share job must carry both digests and the miner checks them before running (a chain-backed source
   * always sets it).
   */
  inputCommitment?: string;
};

export interface AssignmentSource {
  /** The assignment, or undefined when the query is unknown (yet). */
  get(queryId: string): Promise<Assignment | undefined>;
}

export class StaticAssignmentSource implements AssignmentSource {
  private readonly byId = new Map<string, Assignment>();

  set(a: Assignment): void {
    if (a.seats.length !== a.shards.length) throw new RangeError(`assignment ${a.queryId}: ${a.seats.length} seat rows for ${a.shards.length} shards`);
    this.byId.set(a.queryId, a);
  }

  async get(queryId: string): Promise<Assignment | undefined> {
    return this.byId.get(queryId);
  }
}
