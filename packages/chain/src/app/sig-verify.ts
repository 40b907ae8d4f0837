// secp256k1 signature checks through OpenSSL (node:crypto), about 5x faster than pure JS. OpenSSL
// accepts high-S signatures, so low-S (s <= n/2, as Cosmos requires) is checked here first.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";

const N = secp256k1.Point.CURVE().n;
const HALF_N = N >> 1n;
const MAX_CACHED_KEYS = 50_000;
const keyCache = new Map<string, KeyObject>();

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** Throws when `pubkey` is not a valid compressed secp256k1 point. */
export function publicKeyObject(pubkey: Uint8Array): KeyObject {
  const id = Buffer.from(pubkey).toString("hex");
  let key = keyCache.get(id);
  if (key) return key;
  if (pubkey.length !== 33) throw new Error(`secp256k1 pubkey must be 33 bytes (compressed), got ${pubkey.length}`);
  const raw = secp256k1.Point.fromBytes(pubkey).toBytes(false);
  key = createPublicKey({
    key: { kty: "EC", crv: "secp256k1", x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
    format: "jwk",
  });
  if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
  keyCache.set(id, key);
  return key;
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** ECDSA over sha256(message), signature r‖s (64 bytes), low-S only. */
export function verifySecp256k1(pubkey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r === 0n || s === 0n || r >= N || s > HALF_N) return false;
  let key: KeyObject;
  try {
    key = publicKeyObject(pubkey);
  } catch {
    return false;
  }
  return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, signature);
}
