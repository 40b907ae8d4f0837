// Typed collections over a KVStore (after cosmos-sdk `collections`): each one owns a one-byte
// prefix, declared in the module's keys file, and takes the store per call so the same
// collection works in check, deliver and simulate states.
import type { KVStore } from "./types";
import type { KeyCodec, ValueCodec } from "./codecs";
import { bigintValue } from "./codecs";
import { concatBytes, prefixEnd } from "./key-string";

export class Item<V> {
  private readonly key: Uint8Array;

  constructor(
    prefix: number,
    private readonly value: ValueCodec<V>,
  ) {
    this.key = Uint8Array.of(prefix);
  }

  get(store: KVStore): V | undefined {
    const b = store.get(this.key);
    return b === undefined ? undefined : this.value.decode(b);
  }

  set(store: KVStore, v: V): void {
    store.set(this.key, this.value.encode(v));
  }
}

export class Sequence {
  private readonly item: Item<bigint>;

  constructor(prefix: number) {
    this.item = new Item(prefix, bigintValue);
  }

  peek(store: KVStore): bigint {
    return this.item.get(store) ?? 0n;
  }

  /** Returns the current value and stores the next one. */
  next(store: KVStore): bigint {
    const v = this.peek(store);
    this.item.set(store, v + 1n);
    return v;
  }

  set(store: KVStore, v: bigint): void {
    this.item.set(store, v);
  }
}

export class CollMap<K, V> {
  private readonly prefix: Uint8Array;

  constructor(
    prefix: number,
    private readonly keyCodec: KeyCodec<K>,
    private readonly value: ValueCodec<V>,
  ) {
    this.prefix = Uint8Array.of(prefix);
  }

  private k(key: K): Uint8Array {
    return concatBytes(this.prefix, this.keyCodec.encode(key));
  }

  get(store: KVStore, key: K): V | undefined {
    const b = store.get(this.k(key));
    return b === undefined ? undefined : this.value.decode(b);
  }

  has(store: KVStore, key: K): boolean {
    return store.has(this.k(key));
  }

  set(store: KVStore, key: K, v: V): void {
    store.set(this.k(key), this.value.encode(v));
  }

  delete(store: KVStore, key: K): void {
    store.delete(this.k(key));
  }

  /** Entries whose encoded key starts with `rawPrefix` (default: all), in key order. */
  *entries(store: KVStore, rawPrefix: Uint8Array = new Uint8Array()): Iterable<[K, V]> {
    const start = concatBytes(this.prefix, rawPrefix);
    for (const [k, v] of store.iterator(start, prefixEnd(start))) {
      yield [this.keyCodec.decode(k.subarray(1)), this.value.decode(v)];
    }
  }
}
