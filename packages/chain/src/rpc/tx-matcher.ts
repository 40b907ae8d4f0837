// Evaluates parsed query conditions against one committed tx or block, for WebSocket subscriptions.
// Semantics match tx_search: an event condition holds when SOME event of that type carries the
// attribute with a matching value.
import type { AbciEvent, IndexedTx, SearchCondition, StoredBlock } from "../node/types";
import { toHex } from "./encode";

function compare(actual: string, cond: SearchCondition): boolean {
  if (cond.op === "EXISTS") return true;
  if (cond.op === "CONTAINS") return actual.includes(String(cond.value));
  if (typeof cond.value === "bigint") {
    if (!/^-?\d+$/.test(actual)) return false;
    const a = BigInt(actual);
    switch (cond.op) {
      case "=":
        return a === cond.value;
      case "<":
        return a < cond.value;
      case "<=":
        return a <= cond.value;
      case ">":
        return a > cond.value;
      case ">=":
        return a >= cond.value;
    }
  }
  // Ordering on strings is not defined by CometBFT's indexer; only equality is.
  return cond.op === "=" && actual === cond.value;
}

export type EventsMap = Record<string, string[]>;

export function matchesEvents(conditions: SearchCondition[], map: EventsMap): boolean {
  return conditions.every((cond) => (map[cond.key] ?? []).some((v) => compare(v, cond)));
}

/** Adds `<type>.<attr>` → values for every attribute of every event. */
export function addEvents(map: EventsMap, events: AbciEvent[]): EventsMap {
  for (const ev of events) {
    for (const a of ev.attributes) {
      const k = `${ev.type}.${a.key}`;
      if (!map[k]) map[k] = [];
      map[k].push(a.value);
    }
  }
  return map;
}

/** The `events` map CometBFT attaches to a pushed Tx event: composite key → all values. */
export function txEventsMap(tx: IndexedTx): EventsMap {
  const map: EventsMap = { "tm.event": ["Tx"], "tx.hash": [toHex(tx.hash)], "tx.height": [tx.height.toString()] };
  return addEvents(map, tx.result.events);
}

export function blockEventsMap(b: StoredBlock, eventType: string): EventsMap {
  const map: EventsMap = { "tm.event": [eventType], "block.height": [b.header.height.toString()] };
  return addEvents(map, b.finalizeBlockEvents);
}

export function matchesTx(conditions: SearchCondition[], tx: IndexedTx): boolean {
  return matchesEvents(conditions, txEventsMap(tx));
}
