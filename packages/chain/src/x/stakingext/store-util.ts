// Key encoding shared by the three protocol modules (x/payforquery and x/inference import it):
// fixed-width big-endian integers so byte order equals numeric order, and length-prefixed strings
// so a variable-length part can never run into the next one (cosmos-sdk's LengthPrefixed).
import type { KVStore } from "../../store/types";

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function u64Key(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

export function readU64(bytes: Uint8Array, offset = 0): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
}

export function lengthPrefixed(s: string): Uint8Array {
  const body = utf8.encode(s);
  if (body.length > 255) throw new Error(`key part longer than 255 bytes: ${s.slice(0, 40)}…`);
  const out = new Uint8Array(body.length + 1);
  out[0] = body.length;
  out.set(body, 1);
  return out;
}

/** Reads a length-prefixed string at `offset`; returns it and the offset after it. */
export function readLengthPrefixed(bytes: Uint8Array, offset: number): [string, number] {
  const len = bytes[offset];
  return [utf8Decoder.decode(bytes.subarray(offset + 1, offset + 1 + len)), offset + 1 + len];
}

export function concatKey(...parts: (Uint8Array | number)[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += typeof p === "number" ? 1 : p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    if (typeof p === "number") out[off++] = p;
    else {
      out.set(p, off);
      off += p.length;
    }
  }
  return out;
}

/** The first key after every key starting with `prefix` (for iterator end bounds). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 255) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

export function* iteratePrefix(store: KVStore, prefix: Uint8Array): Iterable<[Uint8Array, Uint8Array]> {
  yield* store.iterator(prefix, prefixEnd(prefix));
}

export const EMPTY = new Uint8Array(0);

export function encodeU64Value(n: bigint): Uint8Array {
  return u64Key(n);
}
