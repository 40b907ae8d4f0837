// Worker thread body for `VrfProveWorker` (prove-worker.ts): ECVRF-SECP256K1-SHA256-TAI proving in plain
// JavaScript, so the thread runs the same under tsx, vitest or plain node. It mirrors ecvrf.ts and
// rfc6979-nonce.ts step for step; prove-worker.test.ts checks its proofs are byte-identical to `vrfProve`.
// Messages in: {id, secretKey: Uint8Array, alpha: Uint8Array}; out: {id, proof, beta} or {id, error}.
import { parentPort } from "node:worker_threads";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

const SUITE = 0xfe;
const C_LEN = 16;
const Q_LEN = 32;
const Point = secp256k1.Point;
const N = Point.Fn.ORDER;
const P = Point.Fp.ORDER;

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const toBig = (b) => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString("hex")}`));
const toBytes = (n, len) => Uint8Array.from(Buffer.from(n.toString(16).padStart(len * 2, "0"), "hex"));
const str = (p) => p.toBytes(true);

function stringToPoint(bytes) {
  if (toBig(bytes.subarray(1)) >= P) return undefined;
  try {
    const p = Point.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch {
    return undefined;
  }
}

function encodeToCurveTai(salt, alpha) {
  for (let ctr = 0; ctr < 256; ctr++) {
    const hs = sha256(concat(Uint8Array.of(SUITE, 0x01), salt, alpha, Uint8Array.of(ctr, 0x00)));
    const h = stringToPoint(concat(Uint8Array.of(0x02), hs));
    if (h !== undefined) return h; // cofactor 1
  }
  throw new Error("encodeToCurveTai: no curve point found in 256 tries");
}

// RFC 6979 §3.2 with qlen = 256 = hash length: bits2int is the plain big-endian integer.
function nonce(x, message) {
  const xOctets = toBytes(x, 32);
  const h1 = toBytes(toBig(sha256(message)) % N, 32);
  const mac = (key, ...parts) => hmac(sha256, key, concat(...parts));
  let v = new Uint8Array(32).fill(0x01);
  let k = new Uint8Array(32).fill(0x00);
  k = mac(k, v, Uint8Array.of(0x00), xOctets, h1);
  v = mac(k, v);
  k = mac(k, v, Uint8Array.of(0x01), xOctets, h1);
  v = mac(k, v);
  for (;;) {
    v = mac(k, v);
    const candidate = toBig(v);
    if (candidate >= 1n && candidate < N) return candidate;
    k = mac(k, v, Uint8Array.of(0x00));
    v = mac(k, v);
  }
}

function prove(secretKey, alpha) {
  if (secretKey.length !== Q_LEN) throw new RangeError("secretKey: expected 32 bytes");
  const x = toBig(secretKey);
  if (x === 0n || x >= N) throw new RangeError("secretKey: expected a scalar in [1, n)");
  const y = Point.BASE.multiply(x);
  const h = encodeToCurveTai(str(y), alpha);
  const gamma = h.multiply(x);
  const k = nonce(x, str(h));
  const digest = sha256(concat(Uint8Array.of(SUITE, 0x02), ...[y, h, gamma, Point.BASE.multiply(k), h.multiply(k)].map(str), Uint8Array.of(0x00)));
  const c = toBig(digest.subarray(0, C_LEN));
  const s = (k + c * x) % N;
  const proof = concat(str(gamma), toBytes(c, C_LEN), toBytes(s, Q_LEN));
  const beta = sha256(concat(Uint8Array.of(SUITE, 0x03), str(gamma), Uint8Array.of(0x00)));
  return { proof, beta };
}

parentPort.on("message", (m) => {
  try {
    const { proof, beta } = prove(m.secretKey, m.alpha);
    parentPort.postMessage({ id: m.id, proof, beta });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e?.message ?? e) });
  }
});
