// Typed events as cosmos-sdk's EmitTypedEvent does: the event type is the proto message's full
// name and each attribute is one field, JSON-encoded (so clients parse them back with fromJSON).
import type { AbciEvent } from "../../node/types";
import type { Context } from "../../app/module";

export interface JsonCodec<T> {
  toJSON(message: T): unknown;
}

export function typedEvent<T>(fullName: string, codec: JsonCodec<T>, message: T): AbciEvent {
  const json = codec.toJSON(message) as Record<string, unknown>;
  const attributes = Object.entries(json).map(([key, value]) => ({
    key,
    value: JSON.stringify(value),
    index: true,
  }));
  return { type: fullName, attributes };
}

export function emitTyped<T>(ctx: Context, fullName: string, codec: JsonCodec<T>, message: T): void {
  ctx.eventManager.emit(typedEvent(fullName, codec, message));
}
