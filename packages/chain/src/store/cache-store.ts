// A write buffer over a parent store: reads fall through, writes stay here until write() pushes
// them down. Discarding the object discards the writes, which is how a failed msg leaves no trace.
import type { KVStore } from "./types";
import { fromKeyString, toKeyString } from "./key-string";
import { lowerBound } from "./memory-store";

/** Stores that can be read by key string (see key-string.ts) without converting the key again. */
export interface KeyStringLookup {
  getByKeyString(ks: string): Uint8Array | undefined;
}

/** A deleted key is recorded as null so it hides the parent's value. */
export type WriteSet = Map<string, Uint8Array | null>;

export class CacheStore implements KVStore {
  private readonly writes: WriteSet = new Map();

  constructor(private readonly parent: KVStore) {}

  get(key: Uint8Array): Uint8Array | undefined {
    return this.getByKeyString(toKeyString(key), key);
  }

  /** Lookup by key string; nested cache stores pass it down instead of converting the key again. */
  getByKeyString(ks: string, key?: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(ks);
    if (w !== undefined) return w === null ? undefined : w;
    const parent = this.parent as Partial<KeyStringLookup>;
    if (parent.getByKeyString) return parent.getByKeyString(ks);
    return this.parent.get(key ?? fromKeyString(ks));
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.writes.set(toKeyString(key), value);
  }

  delete(key: Uint8Array): void {
    this.writes.set(toKeyString(key), null);
  }

  /** Pushes the buffered writes into the parent and empties the buffer. */
  write(): void {
    for (const [k, v] of this.writes) {
      const key = fromKeyString(k);
      if (v === null) this.parent.delete(key);
      else this.parent.set(key, v);
    }
    this.writes.clear();
  }

  /** The buffered writes (key string -> value, null = deleted). */
  writeSet(): WriteSet {
    return this.writes;
  }

  *iterator(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const lo = start ? toKeyString(start) : undefined;
    const hi = end ? toKeyString(end) : undefined;
    const own = [...this.writes.keys()].filter((k) => (lo === undefined || k >= lo) && (hi === undefined || k < hi));
    own.sort();
    if (reverse) own.reverse();
    const before = (a: string, b: string) => (reverse ? a > b : a < b);
    let i = 0;
    for (const [pk, pv] of this.parent.iterator(start, end, reverse)) {
      const pkey = toKeyString(pk);
      while (i < own.length && before(own[i], pkey)) {
        const v = this.writes.get(own[i]);
        if (v) yield [fromKeyString(own[i]), v];
        i++;
      }
      if (i < own.length && own[i] === pkey) {
        const v = this.writes.get(own[i]);
        if (v) yield [pk, v];
        i++;
        continue;
      }
      yield [pk, pv];
    }
    for (; i < own.length; i++) {
      const v = this.writes.get(own[i]);
      if (v) yield [fromKeyString(own[i]), v];
    }
  }
}

export { lowerBound };
