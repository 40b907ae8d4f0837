// Typed events as cosmos-sdk's EmitTypedEvent does: the event type is the proto message's full
// name and each attribute is one field under its proto (snake_case) name, its value proto-JSON
// encoded (uint64 as a quoted string), so clients parse them back as they do SDK events.
import type { AbciEvent } from "../../node/types";
import type { Context } from "../../app/module";

export interface JsonCodec<T> {
  toJSON(message: T): unknown;
}

export function typedEvent<T>(fullName: string, codec: JsonCodec<T>, message: T): AbciEvent {
  const json = codec.toJSON(message) as Record<string, unknown>;
  const attributes = Object.entries(json).map(([key, value]) => ({
    key: key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    value: JSON.stringify(value),
    index: true,
  }));
  return { type: fullName, attributes };
}

export function emitTyped<T>(ctx: Context, fullName: string, codec: JsonCodec<T>, message: T): void {
  ctx.eventManager.emit(typedEvent(fullName, codec, message));
}
