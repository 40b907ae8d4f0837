// Fixed-width and length-prefixed encodings shared by every hash input in this package: each field is either
// fixed width or carries its length, so no two different field lists can produce the same bytes.
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { assertBytes, assertU64, assertUint } from "./assert";

export { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

export function u32be(value: number, name = "value"): Uint8Array {
  assertUint(name, value);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

export function u64be(value: bigint, name = "value"): Uint8Array {
  assertU64(name, value);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

/** u32 big-endian length ‖ bytes. */
export function lengthPrefixed(bytes: Uint8Array, name = "bytes"): Uint8Array {
  assertBytes(name, bytes);
  return concatBytes(u32be(bytes.length, `${name}.length`), bytes);
}

export function lengthPrefixedUtf8(text: string, name = "text"): Uint8Array {
  return lengthPrefixed(utf8ToBytes(text), name);
}

/** Comparison whose running time does not depend on where the first difference is. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  let out = 0n;
  for (const b of bytes) out = (out << 8n) | BigInt(b);
  return out;
}

export function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(8 * length)) throw new RangeError(`value does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Canonical order for strings: by their UTF-8 bytes, so every runtime and language sorts alike. */
export function compareUtf8(a: string, b: string): number {
  const x = utf8ToBytes(a);
  const y = utf8ToBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
