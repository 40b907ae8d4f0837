// App hash over the whole state at O(changes) per block: a lattice multiset hash (LtHash16,
// Bellare–Micciancio / Facebook's "Securing update propagation with homomorphic hashing").
// Each (key, value) pair maps to 1024 16-bit lanes = SHAKE256(len(key) ‖ key ‖ value, 2048 bytes);
// the state's digest is the lane-wise sum mod 2^16 of all pairs. Changing a key subtracts the old
// pair and adds the new one; the app hash is sha256 of the 2048-byte accumulator. Order of writes
// does not matter, only the final set of pairs, so restart, replay and every node agree.
import { createHash } from "node:crypto";

const LANES = 1024;

function pairLanes(key: Uint8Array, value: Uint8Array): Uint16Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, key.length);
  const h = createHash("shake256", { outputLength: LANES * 2 });
  h.update(len);
  h.update(key);
  h.update(value);
  const out = h.digest();
  const lanes = new Uint16Array(LANES);
  for (let i = 0; i < LANES; i++) lanes[i] = out[2 * i] | (out[2 * i + 1] << 8);
  return lanes;
}

/** Lanes of recently written pairs: the next change of the same key need not re-derive them. */
const MAX_CACHED_LANES = 8192;

export class StateHasher {
  private readonly acc = new Uint16Array(LANES);
  private readonly recent = new Map<string, { value: Uint8Array; lanes: Uint16Array }>();

  /**
   * Replaces the pair of one key (undefined = absent). `keyString` identifies the key for the lane
   * cache; a cached entry is used only for the very same value object, so it cannot go stale.
   */
  update(keyString: string, key: Uint8Array, oldValue: Uint8Array | undefined, newValue: Uint8Array | undefined): void {
    const cached = this.recent.get(keyString);
    const oldLanes = oldValue === undefined ? undefined : cached?.value === oldValue ? cached.lanes : pairLanes(key, oldValue);
    const newLanes = newValue === undefined ? undefined : pairLanes(key, newValue);
    const acc = this.acc;
    if (oldLanes) for (let i = 0; i < LANES; i++) acc[i] -= oldLanes[i];
    if (newLanes) for (let i = 0; i < LANES; i++) acc[i] += newLanes[i];
    if (newValue === undefined || newLanes === undefined) {
      this.recent.delete(keyString);
      return;
    }
    if (this.recent.size >= MAX_CACHED_LANES && !this.recent.has(keyString)) this.recent.clear();
    this.recent.set(keyString, { value: newValue, lanes: newLanes });
  }

  add(key: Uint8Array, value: Uint8Array): void {
    const l = pairLanes(key, value);
    for (let i = 0; i < LANES; i++) this.acc[i] += l[i];
  }

  remove(key: Uint8Array, value: Uint8Array): void {
    const l = pairLanes(key, value);
    for (let i = 0; i < LANES; i++) this.acc[i] -= l[i];
  }

  /** sha256 of the accumulator (little-endian lanes). */
  digest(): Uint8Array {
    const bytes = new Uint8Array(LANES * 2);
    for (let i = 0; i < LANES; i++) {
      bytes[2 * i] = this.acc[i] & 0xff;
      bytes[2 * i + 1] = this.acc[i] >> 8;
    }
    return new Uint8Array(createHash("sha256").update(bytes).digest());
  }
}
