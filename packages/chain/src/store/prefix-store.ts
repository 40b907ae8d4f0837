// A view of a parent store under a fixed key prefix: modules see only their own keys.
import type { KVStore } from "./types";
import { concatBytes, prefixEnd } from "./key-string";

export class PrefixStore implements KVStore {
  constructor(
    private readonly parent: KVStore,
    private readonly prefix: Uint8Array,
  ) {}

  private full(key: Uint8Array): Uint8Array {
    return concatBytes(this.prefix, key);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(this.full(key));
  }

  has(key: Uint8Array): boolean {
    return this.parent.has(this.full(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.parent.set(this.full(key), value);
  }

  delete(key: Uint8Array): void {
    this.parent.delete(this.full(key));
  }

  *iterator(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    const s = start ? this.full(start) : this.prefix;
    const e = end ? this.full(end) : prefixEnd(this.prefix);
    const n = this.prefix.length;
    for (const [k, v] of this.parent.iterator(s, e, reverse)) yield [k.subarray(n), v];
  }
}
