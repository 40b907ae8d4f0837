// The committed working state: every key in memory, so module code reads synchronously. Keys are
// indexed by lowercase hex, whose string order equals byte order, so iteration is a sort of strings.
import type { KVStore } from "./types";
import { fromHexKey, toHexKey } from "./hex-key";

export class MemoryStore implements KVStore {
  private readonly map = new Map<string, Uint8Array>();
  private sorted: string[] | undefined;

  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(toHexKey(key));
  }

  has(key: Uint8Array): boolean {
    return this.map.has(toHexKey(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const k = toHexKey(key);
    if (!this.map.has(k)) this.sorted = undefined;
    this.map.set(k, value);
  }

  delete(key: Uint8Array): void {
    if (this.map.delete(toHexKey(key))) this.sorted = undefined;
  }

  /** Direct access by hex key, used by cache stores that already hold the hex form. */
  getHex(hexKey: string): Uint8Array | undefined {
    return this.map.get(hexKey);
  }

  size(): number {
    return this.map.size;
  }

  *iterator(start?: Uint8Array, end?: Uint8Array, reverse = false): Iterable<[Uint8Array, Uint8Array]> {
    for (const k of this.sortedHexKeys(start, end, reverse)) {
      const v = this.map.get(k);
      if (v !== undefined) yield [fromHexKey(k), v];
    }
  }

  /** Sorted hex keys in [start, end), a snapshot taken now. */
  sortedHexKeys(start?: Uint8Array, end?: Uint8Array, reverse = false): string[] {
    if (!this.sorted) this.sorted = [...this.map.keys()].sort();
    const keys = this.sorted;
    const lo = start ? lowerBound(keys, toHexKey(start)) : 0;
    const hi = end ? lowerBound(keys, toHexKey(end)) : keys.length;
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
