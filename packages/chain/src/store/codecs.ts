// Key and value codecs for typed collections. Variable-length key parts are length-prefixed so a
// composite key (address, denom) can never collide with another split of the same bytes.
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { concatBytes } from "./key-string";

export interface KeyCodec<K> {
  encode(key: K): Uint8Array;
  decode(bytes: Uint8Array): K;
}

export interface ValueCodec<V> {
  encode(value: V): Uint8Array;
  decode(bytes: Uint8Array): V;
}

const te = new TextEncoder();
const td = new TextDecoder();

export const bytesKey: KeyCodec<Uint8Array> = { encode: (k) => k, decode: (b) => b };

export const stringKey: KeyCodec<string> = { encode: (k) => te.encode(k), decode: (b) => td.decode(b) };

/** Big-endian 8 bytes, so numeric order equals byte order. */
export const uint64Key: KeyCodec<bigint> = {
  encode(k) {
    if (k < 0n || k >= 1n << 64n) throw new Error(`uint64 key out of range: ${k}`);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, k);
    return b;
  },
  decode: (b) => new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0),
};

/** One length byte, then the bytes (addresses, short names). */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 255) throw new Error(`length-prefixed key part too long: ${bytes.length} bytes (max 255)`);
  return concatBytes(Uint8Array.of(bytes.length), bytes);
}

const MAX_CACHED_ADDRESSES = 100_000;
const addressBytes = new Map<string, Uint8Array>();

/** Raw bytes of a bech32 address, memoised: bech32 decoding is the hot path of every transfer. */
export function addressToBytes(addr: string): Uint8Array {
  let b = addressBytes.get(addr);
  if (!b) {
    b = fromBech32(addr, 90).data;
    if (addressBytes.size >= MAX_CACHED_ADDRESSES) addressBytes.clear();
    addressBytes.set(addr, b);
  }
  return b;
}

/** bech32 address stored as its length-prefixed raw bytes; decodes back with the given prefix. */
export function addressKey(prefix: string): KeyCodec<string> {
  return {
    encode: (addr) => lengthPrefixed(addressToBytes(addr)),
    decode: (b) => toBech32(prefix, b.subarray(1, 1 + b[0])),
  };
}

/** The encoded prefix shared by every pairKey(a, ·) key whose first part is `first`. */
export function pairPrefix<A>(a: KeyCodec<A>, first: A): Uint8Array {
  return lengthPrefixed(a.encode(first));
}

/** (first, second) where first is length-prefixed and second takes the rest. */
export function pairKey<A, B>(a: KeyCodec<A>, b: KeyCodec<B>): KeyCodec<[A, B]> {
  return {
    encode: ([x, y]) => concatBytes(lengthPrefixed(a.encode(x)), b.encode(y)),
    decode: (bytes) => {
      const n = bytes[0];
      return [a.decode(bytes.subarray(1, 1 + n)), b.decode(bytes.subarray(1 + n))];
    },
  };
}

export const bigintValue: ValueCodec<bigint> = {
  encode: (v) => te.encode(v.toString()),
  decode: (b) => BigInt(td.decode(b)),
};

export const stringValue: ValueCodec<string> = { encode: (v) => te.encode(v), decode: (b) => td.decode(b) };

export const bytesValue: ValueCodec<Uint8Array> = { encode: (v) => v, decode: (b) => b };

export function jsonValue<V>(): ValueCodec<V> {
  return {
    encode: (v) => te.encode(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))),
    decode: (b) => JSON.parse(td.decode(b)) as V,
  };
}

/** A protobuf message type in the cosmjs-types / ts-proto shape. */
export interface ProtoType<V> {
  encode(message: V): { finish(): Uint8Array };
  decode(input: Uint8Array): V;
}

export function protoValue<V>(type: ProtoType<V>): ValueCodec<V> {
  return { encode: (v) => type.encode(v).finish(), decode: (b) => type.decode(b) };
}
