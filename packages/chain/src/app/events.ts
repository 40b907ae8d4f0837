// Event collection and the typed-event helper: a proto event becomes an ABCI event whose type is
// the proto full name and whose attribute values are JSON, as the SDK's EmitTypedEvent does.
import type { AbciEvent } from "../node/types";
import type { Context, EventManager } from "./module";

export class BasicEventManager implements EventManager {
  private readonly list: AbciEvent[] = [];

  emit(event: AbciEvent): void {
    this.list.push(event);
  }

  events(): AbciEvent[] {
    return this.list;
  }
}

export function event(type: string, attrs: Record<string, string>): AbciEvent {
  return { type, attributes: Object.entries(attrs).map(([key, value]) => ({ key, value, index: true })) };
}

/**
 * Emits a typed event. `json` is the message's proto JSON (ts-proto `EventX.toJSON(msg)`).
 * Example: `emitTypedEvent(ctx, "nesa.inference.v1.EventQueryFinalized", EventQueryFinalized.toJSON(ev))`.
 */
export function emitTypedEvent(ctx: Context, typeName: string, json: unknown): void {
  if (json === null || typeof json !== "object") {
    throw new Error(`emitTypedEvent(${typeName}): json must be an object (the proto JSON of the event)`);
  }
  const attributes = Object.entries(json as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({
      key,
      value: JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)),
      index: true,
    }));
  ctx.eventManager.emit({ type: typeName, attributes });
}
