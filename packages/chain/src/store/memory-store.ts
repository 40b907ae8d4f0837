// The committed working state: every key in memory, so module code reads synchronously. Keys are
// indexed by key strings (key-string.ts) whose order equals byte order, so iteration sorts strings.
import type { KVStore } from "./types";
import { fromKeyString, toKeyString } from "./key-string";

export class MemoryStore implements KVStore {
  private readonly map = new Map<string, Uint8Array>();
  private sorted: string[] | undefined;

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(toKeyString(key));
  }

  has(key: Uint8Array): boolean {
    return this.map.has(toKeyString(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const k = toKeyString(key);
    if (!this.map.has(k)) this.sorted = undefined;
    this.map.set(k, value);
  }

  delete(key: Uint8Array): void {
    if (this.map.delete(toKeyString(key))) this.sorted = undefined;
  }

  /** Direct access by key string (see key-string.ts), for callers that already hold it. */
  getByKeyString(keyString: string): Uint8Array | undefined {
    return this.map.get(keyString);
  }

  size(): number {
    return this.map.size;
  }

  *iterator(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    for (const k of this.sortedHexKeys(start, end, reverse)) {
      const v = this.map.get(k);
      if (v !== undefined) yield [fromKeyString(k), v];
    }
  }

  /** Sorted key strings in [start, end), a snapshot taken now. */
  sortedHexKeys(start?: Uint8Array, end?: Uint8Array, reverse = false): string[] {
    if (!this.sorted) this.sorted = [...this.map.keys()].sort();
    const keys = this.sorted;
    const lo = start ? lowerBound(keys, toKeyString(start)) : 0;
    const hi = end ? lowerBound(keys, toKeyString(end)) : keys.length;
    const slice = keys.slice(lo, Math.max(lo, hi));
    return reverse ? slice.reverse() : slice;
  }
}

export function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
