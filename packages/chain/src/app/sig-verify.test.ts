import { describe, expect, it } from "vitest";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { verifySecp256k1 } from "./sig-verify";

const N = secp256k1.Point.CURVE().n;
const te = new TextEncoder();

function highS(sig: Uint8Array): Uint8Array {
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
  const out = Uint8Array.from(sig);
  out.set(Buffer.from((N - s).toString(16).padStart(64, "0"), "hex"), 32);
  return out;
}

describe("verifySecp256k1 (OpenSSL, low-S only)", () => {
  const sk = secp256k1.utils.randomSecretKey();
  const pk = secp256k1.getPublicKey(sk, true);
  const msg = te.encode("sign bytes");
  const sig = secp256k1.sign(sha256(msg), sk, { prehash: false });

  it("accepts a valid low-S signature and rejects a changed message or key", () => {
    expect(verifySecp256k1(pk, msg, sig)).toBe(true);
    expect(verifySecp256k1(pk, te.encode("sign bytez"), sig)).toBe(false);
    expect(verifySecp256k1(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true), msg, sig)).toBe(false);
  });

  it("rejects the high-S twin of a valid signature (mathematically valid, but not canonical)", () => {
    const twin = highS(sig);
    expect(secp256k1.verify(twin, sha256(msg), pk, { prehash: false, lowS: false })).toBe(true);
    expect(verifySecp256k1(pk, msg, twin)).toBe(false);
  });

  it("rejects malformed input without throwing", () => {
    expect(verifySecp256k1(pk, msg, sig.subarray(0, 63))).toBe(false);
    expect(verifySecp256k1(new Uint8Array(33).fill(2), msg, sig)).toBe(false);
    expect(verifySecp256k1(pk.subarray(0, 32), msg, sig)).toBe(false);
    expect(verifySecp256k1(pk, msg, new Uint8Array(64))).toBe(false);
  });
});
