// RFC 6979 §3.2 deterministic nonce (HMAC-DRBG). RFC 9381 §5.4.2.1 uses it for the P-256 and secp256k1 suites
// with m = h_string, so the proofs (and the published test vectors) are reproducible without randomness.
import { hmac } from "@noble/hashes/hmac.js";
import type { CHash } from "@noble/hashes/utils.js";
import { bigIntToBytesBE, bytesToBigIntBE, concatBytes } from "../util/bytes";

const bitLength = (n: bigint) => n.toString(2).length;

/** The leftmost qlen bits of `bytes` as an integer (RFC 6979 §2.3.2). */
function bits2int(bytes: Uint8Array, qlen: number): bigint {
  const v = bytesToBigIntBE(bytes);
  const blen = bytes.length * 8;
  return blen > qlen ? v >> BigInt(blen - qlen) : v;
}

/**
 * k in [1, q) from secret x (1 ≤ x < q) and message m. `hash` is both the message hash (h1 = hash(m)) and the
 * HMAC hash.
 */
export function rfc6979Nonce(hash: CHash, q: bigint, x: bigint, message: Uint8Array): bigint {
  if (x <= 0n || x >= q) throw new RangeError("x: expected a secret scalar in [1, q)");
  const qlen = bitLength(q);
  const rlen = (qlen + 7) >> 3;
  const xOctets = bigIntToBytesBE(x, rlen);
  const h1Octets = bigIntToBytesBE(bits2int(hash(message), qlen) % q, rlen);
  const mac = (key: Uint8Array, ...parts: Uint8Array[]) => hmac(hash, key, concatBytes(...parts));
  let v: Uint8Array = new Uint8Array(hash.outputLen).fill(0x01);
  let k: Uint8Array = new Uint8Array(hash.outputLen).fill(0x00);
  k = mac(k, v, Uint8Array.of(0x00), xOctets, h1Octets);
  v = mac(k, v);
  k = mac(k, v, Uint8Array.of(0x01), xOctets, h1Octets);
  v = mac(k, v);
  for (;;) {
    let t: Uint8Array = new Uint8Array(0);
    while (t.length * 8 < qlen) {
      v = mac(k, v);
      t = concatBytes(t, v);
    }
    const candidate = bits2int(t, qlen);
    if (candidate >= 1n && candidate < q) return candidate;
    k = mac(k, v, Uint8Array.of(0x00));
    v = mac(k, v);
  }
}
