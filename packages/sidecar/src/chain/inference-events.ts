// What a followed block tells the miner, read from x/inference's typed events (proto JSON per attribute, as
// cosmos-sdk's EmitTypedEvent writes them: uint64 as quoted strings, bytes as base64, zero values left out). With
// these the miner learns committees, reveal phases and verdicts from blocks it already receives, not from one
// query per seat or per pending reveal.
import { type FollowedBlock, type FollowedEvent, attributeOf } from "@nesa/client";

const P = "nesa.inference.v1.";

/** A seat as EventQueryAssigned lists it (shard/replica 0 and role UNSPECIFIED are omitted in proto JSON). */
export type EventSeat = { shard: number; replica: number; miner: string; role: string };
export type QueryAssigned = { queryId: string; modelId: string; seats: EventSeat[] };
/** `sketchSeed`: the beacon output at sketchSeedHeight, empty if the chain had none to put in the event. */
export type RevealPhaseStarted = { queryId: string; sketchSeedHeight: bigint; sketchSeed: Uint8Array };

export type InferenceEvents = {
  height: number;
  assigned: QueryAssigned[];
  revealPhases: RevealPhaseStarted[];
  /** Queries finalized or failed in this block. */
  ended: string[];
  paramsUpdated: boolean;
};

/** The x/inference events of one block (EndBlock events and, for params updates, tx events). */
export function inferenceEvents(block: FollowedBlock): InferenceEvents {
  const out: InferenceEvents = { height: Number(block.height), assigned: [], revealPhases: [], ended: [], paramsUpdated: false };
  for (const e of block.events) {
    const queryId = attributeOf(e, "query_id");
    if (queryId === undefined) continue;
    switch (e.type) {
      case `${P}EventQueryAssigned`:
        out.assigned.push({ queryId, modelId: attributeOf(e, "model_id") ?? "", seats: seatsOf(e) });
        break;
      case `${P}EventRevealPhaseStarted`:
        out.revealPhases.push({
          queryId,
          sketchSeedHeight: BigInt(attributeOf(e, "sketch_seed_height") ?? "0"),
          sketchSeed: Buffer.from(attributeOf(e, "sketch_seed") ?? "", "base64"),
        });
        break;
      case `${P}EventQueryFinalized`:
      case `${P}EventQueryFailed`:
        out.ended.push(queryId);
        break;
    }
  }
  // MsgUpdateParams runs in a tx; a failed tx's events are not kept, so any occurrence counts.
  const updated = (events: readonly FollowedEvent[]) => events.some((e) => e.type === `${P}EventParamsUpdated`);
  out.paramsUpdated = updated(block.events) || block.txs.some((t) => updated(t.events));
  return out;
}

function seatsOf(e: FollowedEvent): EventSeat[] {
  const raw = e.attributes.find((a) => a.key === "seats")?.value;
  if (!raw) return [];
  const seats = JSON.parse(raw) as { shard?: number; replica?: number; miner?: string; role?: string }[];
  return seats.map((s) => ({ shard: s.shard ?? 0, replica: s.replica ?? 0, miner: s.miner ?? "", role: s.role ?? "SEAT_ROLE_UNSPECIFIED" }));
}
