// A module's params under one key. Every msg and EndBlock reads them, so the decoded value is kept
// until the stored bytes change (the working store hands back the same array for an unchanged value).
// Callers must treat the returned object as read-only.
import type { ValueCodec } from "./codecs";
import type { KVStore } from "./types";

export class ParamsStore<P> {
  private cache: { bytes: Uint8Array; value: P } | undefined;

  constructor(
    private readonly key: Uint8Array,
    private readonly codec: ValueCodec<P>,
    private readonly defaults: () => P,
  ) {}

  get(store: KVStore): P {
    const bytes = store.get(this.key);
    if (!bytes) return this.defaults();
    if (this.cache?.bytes !== bytes) this.cache = { bytes, value: this.codec.decode(bytes) };
    return this.cache.value;
  }

  set(store: KVStore, params: P): void {
    store.set(this.key, this.codec.encode(params));
  }
}

/** A ValueCodec over a ts-proto message type. */
export function protoValue<P>(type: { encode(p: P): { finish(): Uint8Array }; decode(b: Uint8Array): P }): ValueCodec<P> {
  return { encode: (p) => type.encode(p).finish(), decode: (b) => type.decode(b) };
}
