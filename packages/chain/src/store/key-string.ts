// Keys travel as latin1 strings inside the stores (one char per byte, char code = byte value):
// Map-friendly, and string order equals byte order. Cheaper than hex at half the length.
import { Buffer } from "node:buffer";

export function toKeyString(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

export function fromKeyString(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "latin1"));
}

/** The smallest key greater than every key that starts with `prefix` (undefined: no bound). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
