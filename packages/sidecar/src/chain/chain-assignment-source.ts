// Seats and shards from the chain: the job is only run when the chain says this miner holds the seat.
import type { Assignment, AssignmentSource, HssAssignment, ShardSpec } from "../pipeline/assignment-source";
import type { ChainReader } from "./chain-reader";

export class ChainAssignmentSource implements AssignmentSource {
  /** A committee never changes once drawn, and a model version's shards never change: cache both. */
  private readonly assignments = new Map<string, Assignment>();
  private readonly models = new Map<string, { shards: ShardSpec[]; hss?: { share: ShardSpec; combine: ShardSpec } }>();

  constructor(private readonly chain: ChainReader) {}

  async get(queryId: string): Promise<Assignment | undefined> {
    const cached = this.assignments.get(queryId);
    if (cached) return cached;
    let info: Awaited<ReturnType<ChainReader["query"]["inference"]["query"]>>;
    let seats: Awaited<ReturnType<ChainReader["query"]["inference"]["committee"]>>["seats"];
    try {
      info = await this.chain.query.inference.query(queryId);
      if (info.assignedHeight === 0n) return undefined;
      seats = (await this.chain.query.inference.committee(queryId)).seats;
    } catch {
      // Unknown query or a lagging node: the job is retried later.
      return undefined;
    }
    const { shards, hss: stages } = await this.shardsOf(info.modelId);
    const matrix = shards.map(() => new Array<string>(info.replicas).fill(""));
    for (const s of seats) if (matrix[s.shard]) matrix[s.shard][s.replica] = s.miner;
    const a: Assignment = { queryId, modelId: info.modelId, shards, seats: matrix };
    // HSS_EE: positions S and S+1 are the share seats of each replica (x/inference README, "Committee").
    if (info.hssShares > 0 && stages) {
      const shareSeats = Array.from({ length: info.replicas }, () => ["", ""]);
      for (const s of seats) if (s.shard >= shards.length && s.shard < shards.length + 2) shareSeats[s.replica][s.shard - shards.length] = s.miner;
      const hss: HssAssignment = { ...stages, shareSeats, inputCommitment: Buffer.from(info.inputCommitment).toString("hex") };
      a.hss = hss;
    }
    this.assignments.set(queryId, a);
    if (this.assignments.size > 10_000) this.assignments.delete(this.assignments.keys().next().value as string);
    return a;
  }

  private async shardsOf(modelId: string) {
    let m = this.models.get(modelId);
    if (!m) {
      const model = await this.chain.query.inference.model(modelId);
      const spec = (s: { index: number; sha256: Uint8Array; sizeBytes: bigint }): ShardSpec => ({ index: s.index, sha256: Buffer.from(s.sha256).toString("hex"), sizeBytes: Number(s.sizeBytes) });
      m = { shards: model.shards.map(spec) };
      if (model.hss?.share && model.hss.combine) m.hss = { share: spec(model.hss.share), combine: spec(model.hss.combine) };
      this.models.set(modelId, m);
    }
    return m;
  }
}
