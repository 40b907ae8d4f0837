// Reads typed protocol events back out of a block (as the dispatcher does from the RPC).
import type { AbciEvent, StoredBlock } from "../node/types";

export interface FromJson<T> {
  fromJSON(object: unknown): T;
}

export function decodeTyped<T>(ev: AbciEvent, codec: FromJson<T>): T {
  const obj: Record<string, unknown> = {};
  for (const a of ev.attributes) {
    try {
      obj[a.key] = JSON.parse(a.value);
    } catch {
      obj[a.key] = a.value;
    }
  }
  return codec.fromJSON(obj);
}

/** Every event of the block: BeginBlock/EndBlock ones and those of successful txs. */
export function allEvents(block: StoredBlock): AbciEvent[] {
  return [...block.finalizeBlockEvents, ...block.txResults.flatMap((r) => (r.code === 0 ? r.events : []))];
}

export function eventsOf<T>(block: StoredBlock, type: string, codec: FromJson<T>): T[] {
  return allEvents(block)
    .filter((e) => e.type === type)
    .map((e) => decodeTyped(e, codec));
}
