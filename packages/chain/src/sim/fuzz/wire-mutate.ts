// Mutations of protobuf bytes for the fuzzer: byte-level (bit flips, truncation, splices, random
// bytes) and field-level over a minimal wire parse (huge and negative varints, swapped, dropped,
// duplicated and unknown fields, hostile strings), so re-signed msgs get past the signature check
// and reach decoding, validation and the msg handlers.
import type { Rng } from "../rng";

export interface WireField {
  field: number;
  wire: number;
  /** varint as bigint, fixed as raw bytes, length-delimited as bytes. */
  value: bigint | Uint8Array;
}

function readVarint(b: Uint8Array, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= b.length) throw new Error("truncated varint");
    const byte = b[pos++];
    v |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [v, pos];
    shift += 7n;
  }
  throw new Error("varint too long");
}

function writeVarint(v: bigint, out: number[]): void {
  let x = BigInt.asUintN(64, v);
  do {
    let byte = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) byte |= 0x80;
    out.push(byte);
  } while (x > 0n);
}

/** Parses top-level fields; undefined when the bytes are not a well-formed message. */
export function parseWire(b: Uint8Array): WireField[] | undefined {
  const out: WireField[] = [];
  let pos = 0;
  try {
    while (pos < b.length) {
      const [key, p1] = readVarint(b, pos);
      pos = p1;
      const field = Number(key >> 3n);
      const wire = Number(key & 7n);
      if (field === 0) return undefined;
      if (wire === 0) {
        const [v, p2] = readVarint(b, pos);
        out.push({ field, wire, value: v });
        pos = p2;
      } else if (wire === 2) {
        const [len, p2] = readVarint(b, pos);
        const end = p2 + Number(len);
        if (len > BigInt(b.length) || end > b.length) return undefined;
        out.push({ field, wire, value: b.subarray(p2, end) });
        pos = end;
      } else if (wire === 1 || wire === 5) {
        const n = wire === 1 ? 8 : 4;
        if (pos + n > b.length) return undefined;
        out.push({ field, wire, value: b.subarray(pos, pos + n) });
        pos += n;
      } else return undefined;
    }
  } catch {
    return undefined;
  }
  return out;
}

export function encodeWire(fields: WireField[]): Uint8Array {
  const out: number[] = [];
  for (const f of fields) {
    writeVarint(BigInt((f.field << 3) | f.wire), out);
    if (f.wire === 0) writeVarint(f.value as bigint, out);
    else if (f.wire === 2) {
      const v = f.value as Uint8Array;
      writeVarint(BigInt(v.length), out);
      for (const x of v) out.push(x);
    } else for (const x of f.value as Uint8Array) out.push(x);
  }
  return Uint8Array.from(out);
}

const enc = new TextEncoder();
const HUGE_VARINTS = [0n, 1n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 64n - 1n, -1n, -(2n ** 63n)];
/** Strings a field might be fed: numbers out of range, signs, exponents, bad bech32, control bytes. */
const HOSTILE_STRINGS = [
  "", "-1", "-999999999999999999999999", "0", "00", "1e18", "1.5", " 1", "1 ", "+1", "0x10", "NaN", "Infinity",
  "9".repeat(40), "9".repeat(80), "18446744073709551616", "340282366920938463463374607431768211456",
  "nesa1", "nesa1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "NESA1ABC",
  "unes", "UNES", "u", "a".repeat(300), "\u0000", "\u202e", "💥", "/", "../..", "%s%n", "{\"a\":1}",
];

function hostileBytes(rng: Rng): Uint8Array {
  const k = rng.int(6);
  if (k === 0) return enc.encode(rng.pick(HOSTILE_STRINGS));
  if (k === 1) return Uint8Array.from({ length: rng.int(80) }, () => rng.int(256));
  if (k === 2) return Uint8Array.from([0xff, 0xfe, 0xc3, 0x28]); // invalid UTF-8
  if (k === 3) return new Uint8Array(rng.pick([31, 33, 64, 65, 4096]));
  if (k === 4) return enc.encode(String(rng.pick(HUGE_VARINTS)));
  return new Uint8Array(0);
}

/** One field-level mutation of a message (recursing into nested messages now and then). */
export function mutateFields(bytes: Uint8Array, rng: Rng, depth = 0): Uint8Array {
  const fields = parseWire(bytes);
  if (!fields || fields.length === 0) return mutateBytes(bytes, rng);
  const i = rng.int(fields.length);
  const f = fields[i];
  const k = rng.int(10);
  if (k === 0 && fields.length > 1) {
    // swap two fields' values (and wire types): e.g. sender ↔ amount, shard ↔ replica
    const j = rng.int(fields.length);
    const [a, b] = [fields[i], fields[j]];
    fields[i] = { field: a.field, wire: b.wire, value: b.value };
    fields[j] = { field: b.field, wire: a.wire, value: a.value };
  } else if (k === 1) fields.splice(i, 1);
  else if (k === 2) fields.splice(i, 0, { ...f });
  else if (k === 3) fields.push(rng.chance(50) ? { field: 1 + rng.int(40), wire: 0, value: rng.pick(HUGE_VARINTS) } : { field: 1 + rng.int(40), wire: 2, value: hostileBytes(rng) });
  else if (f.wire === 0) fields[i] = { ...f, value: rng.pick(HUGE_VARINTS) };
  else if (f.wire === 2) {
    const nested = depth < 3 && rng.chance(50) ? parseWire(f.value as Uint8Array) : undefined;
    fields[i] = { ...f, value: nested && nested.length > 0 ? mutateFields(f.value as Uint8Array, rng, depth + 1) : hostileBytes(rng) };
  } else fields[i] = { ...f, value: Uint8Array.from(f.value as Uint8Array, () => rng.int(256)) };
  return encodeWire(fields);
}

/** One byte-level mutation: bit flips, truncation, extension, splice of random bytes, zeroing. */
export function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const b = Uint8Array.from(bytes);
  const k = rng.int(6);
  if (b.length === 0 || k === 0) return Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
  if (k === 1) {
    for (let n = 1 + rng.int(4); n > 0; n--) b[rng.int(b.length)] ^= 1 << rng.int(8);
    return b;
  }
  if (k === 2) return b.subarray(0, rng.int(b.length));
  if (k === 3) return Uint8Array.from([...b, ...Array.from({ length: 1 + rng.int(32) }, () => rng.int(256))]);
  if (k === 4) {
    const at = rng.int(b.length);
    return Uint8Array.from([...b.subarray(0, at), ...Array.from({ length: 1 + rng.int(16) }, () => rng.int(256)), ...b.subarray(at)]);
  }
  b.fill(0, rng.int(b.length), b.length);
  return b;
}
