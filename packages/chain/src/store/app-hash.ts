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

export class StateHasher {
  private readonly acc = new Uint16Array(LANES);

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
