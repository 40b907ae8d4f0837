import { afterAll, describe, expect, it } from "vitest";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { SigVerifierPool } from "./sig-verifier-pool";

const N = secp256k1.Point.CURVE().n;
const te = new TextEncoder();
const pool = new SigVerifierPool(1);
afterAll(() => pool.close());

function signed(text: string) {
  const sk = secp256k1.utils.randomSecretKey();
  const message = te.encode(text);
  return { pubkey: secp256k1.getPublicKey(sk, true), message, signature: secp256k1.sign(sha256(message), sk, { prehash: false }) };
}

describe("SigVerifierPool (worker thread)", () => {
  it("answers each group of a batch on its own: valid, tampered, high-S, malformed", async () => {
    const good = signed("a");
    const other = signed("b");
    const tampered = { ...signed("c"), message: te.encode("C") };
    const s = BigInt(`0x${Buffer.from(good.signature.subarray(32)).toString("hex")}`);
    const high = Uint8Array.from(good.signature);
    high.set(Buffer.from((N - s).toString(16).padStart(64, "0"), "hex"), 32);
    const results = await Promise.all([
      pool.verify([good]),
      pool.verify([good, other]),
      pool.verify([good, tampered]),
      pool.verify([{ ...good, signature: high }]),
      pool.verify([{ ...good, pubkey: new Uint8Array(33).fill(3) }]),
      pool.verify([{ ...good, signature: good.signature.subarray(1) }]),
      pool.verify([{ ...good, signature: new Uint8Array(300) }]),
      pool.verify([good]),
    ]);
    expect(results).toEqual([true, true, false, false, false, false, false, true]);
  });

  it("a closed pool answers false (the ante then verifies inline)", async () => {
    const p = new SigVerifierPool(1);
    await p.close();
    expect(await p.verify([signed("x")])).toBe(false);
  });
});
