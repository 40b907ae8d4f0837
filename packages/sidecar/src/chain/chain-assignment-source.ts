// Seats and shards from the chain: the job is only run when the chain says this miner holds the seat. Committees
// are taken from EventQueryAssigned in followed blocks (the dispatcher queues a query's first jobs from the same
// event, so the seat is usually known before its job runs); a query not seen that way is read from the chain.
// HSS_EE committees are always read: the share jobs need the query's input commitment, which the event lacks.
import type { InferenceEvents, QueryAssigned } from "./inference-events";
import type { Assignment, AssignmentSource, HssAssignment, ShardSpec } from "../pipeline/assignment-source";
import type { ChainReader } from "./chain-reader";
import { inferenceState } from "@nesa/proto-types";
import type { GenerationParams } from "../generation/generation-seat";

const MAX_CACHED = 10_000;
/** An announced committee is dropped after this many blocks if no job asked for it (the commit window is ~10). */
const ANNOUNCED_BLOCKS = 64;

export class ChainAssignmentSource implements AssignmentSource {
  /** A committee never changes once drawn, and a model version's shards never change: cache both. */
  private readonly assignments = new Map<string, Assignment>();
  private readonly models = new Map<string, { shards: ShardSpec[]; hss?: { share: ShardSpec; combine: ShardSpec }; contextLength?: number }>();
  /** Committees announced in recent blocks and not yet asked for, by query id (assigned height kept for pruning). */
  private readonly announced = new Map<string, QueryAssigned & { at: number }>();
  /** Seat lookups answered from events vs. read from the chain. */
  readonly stats = { fromEvents: 0, fromChain: 0 };

  constructor(private readonly chain: ChainReader) {}

  /** The x/inference events of a followed block: new committees in, decided queries out. */
  onBlock(ev: InferenceEvents): void {
    for (const a of ev.assigned) if (!a.seats.some((s) => s.role === "SEAT_ROLE_HSS_SHARE")) this.announced.set(a.queryId, { ...a, at: ev.height });
    for (const id of ev.ended) {
      this.announced.delete(id);
      this.assignments.delete(id);
    }
    for (const [id, a] of this.announced) {
      if (a.at > ev.height - ANNOUNCED_BLOCKS && this.announced.size <= MAX_CACHED) break; // oldest first
      this.announced.delete(id);
    }
  }

  async get(queryId: string): Promise<Assignment | undefined> {
    const cached = this.assignments.get(queryId);
    if (cached) return cached;
    const announced = this.announced.get(queryId);
    if (announced) {
      this.stats.fromEvents++;
      this.announced.delete(queryId);
      return this.keep(await this.fromEvent(announced));
    }
    this.stats.fromChain++;
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
    const { shards, hss: stages, contextLength } = await this.shardsOf(info.modelId);
    const matrix = shards.map(() => new Array<string>(info.replicas).fill(""));
    for (const s of seats) if (matrix[s.shard]) matrix[s.shard][s.replica] = s.miner;
    const a: Assignment = { queryId, modelId: info.modelId, shards, seats: matrix };
    if (contextLength) a.generation = generationOf(info, contextLength);
    // HSS_EE: positions S and S+1 are the share seats of each replica (x/inference README, "Committee").
    if (info.hssShares > 0 && stages) {
      const shareSeats = Array.from({ length: info.replicas }, () => ["", ""]);
      for (const s of seats) if (s.shard >= shards.length && s.shard < shards.length + 2) shareSeats[s.replica][s.shard - shards.length] = s.miner;
      const hss: HssAssignment = { ...stages, shareSeats, inputCommitment: Buffer.from(info.inputCommitment).toString("hex") };
      a.hss = hss;
    }
    return this.keep(a);
  }

  private keep(a: Assignment): Assignment {
    this.assignments.set(a.queryId, a);
    if (this.assignments.size > MAX_CACHED) this.assignments.delete(this.assignments.keys().next().value as string);
    return a;
  }

  /** The same assignment as `get` builds from the chain: every replica of every shard is seated. */
  private async fromEvent(e: QueryAssigned): Promise<Assignment> {
    const { shards, contextLength } = await this.shardsOf(e.modelId);
    const replicas = Math.max(0, ...e.seats.map((s) => s.replica + 1));
    const seats = shards.map(() => new Array<string>(replicas).fill(""));
    for (const s of e.seats) if (seats[s.shard]) seats[s.shard][s.replica] = s.miner;
    const a: Assignment = { queryId: e.queryId, modelId: e.modelId, shards, seats };
    // The event has no token counts: a generation reads them from the query once.
    if (contextLength) a.generation = generationOf(await this.chain.query.inference.query(e.queryId), contextLength);
    return a;
  }

  private async shardsOf(modelId: string) {
    let m = this.models.get(modelId);
    if (!m) {
      const model = await this.chain.query.inference.model(modelId);
      const spec = (s: { index: number; sha256: Uint8Array; sizeBytes: bigint }): ShardSpec => ({ index: s.index, sha256: Buffer.from(s.sha256).toString("hex"), sizeBytes: Number(s.sizeBytes) });
      m = { shards: model.shards.map(spec) };
      if (model.hss?.share && model.hss.combine) m.hss = { share: spec(model.hss.share), combine: spec(model.hss.combine) };
      if (model.kind === inferenceState.ModelKind.MODEL_KIND_GENERATOR) m.contextLength = model.contextLength;
      this.models.set(modelId, m);
    }
    return m;
  }
}

function generationOf(q: { inputTokens: number; maxNewTokens: number; stopTokenId?: number | undefined }, contextLength: number): GenerationParams {
  return { inputTokens: q.inputTokens, maxNewTokens: q.maxNewTokens, contextLength, ...(q.stopTokenId !== undefined ? { stopTokenId: q.stopTokenId } : {}) };
}
