import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { bytesToHex, utf8ToBytes } from "../util/bytes";
import { ECIES_OVERHEAD, eciesOpen, eciesSeal } from "./ecies";

const recipient = secp256k1.keygen();
const pub = secp256k1.getPublicKey(recipient.secretKey, true);
const message = utf8ToBytes("HSS share #1 for seat 0/2: 0123456789abcdef0123456789abcdef");

describe("ECIES", () => {
  it("round-trips, with and without aad, for empty and large plaintexts", () => {
    expect(eciesOpen(recipient.secretKey, eciesSeal(pub, message))).toEqual(message);
    const aad = utf8ToBytes("query/7/shard/0/replica/2");
    expect(eciesOpen(recipient.secretKey, eciesSeal(pub, message, aad), aad)).toEqual(message);
    expect(eciesOpen(recipient.secretKey, eciesSeal(pub, new Uint8Array(0)))).toEqual(new Uint8Array(0));
    const big = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 31) & 0xff);
    const env = eciesSeal(pub, big);
    expect(env).toHaveLength(big.length + ECIES_OVERHEAD);
    expect(eciesOpen(recipient.secretKey, env)).toEqual(big);
  });

  it("uses a fresh ephemeral key and nonce each time, and never carries the plaintext", () => {
    const a = eciesSeal(pub, message);
    const b = eciesSeal(pub, message);
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
    expect(a[0]).toBe(1);
    expect(bytesToHex(a)).not.toContain(bytesToHex(message.subarray(0, 8)));
    expect(Buffer.from(a).includes(Buffer.from(message.subarray(20, 28)))).toBe(false);
  });

  it("fails when any single byte of the envelope is altered", () => {
    const env = eciesSeal(pub, utf8ToBytes("short secret"));
    for (let i = 0; i < env.length; i++) {
      const bad = env.slice();
      bad[i] ^= 0x01;
      expect(() => eciesOpen(recipient.secretKey, bad), `byte ${i}`).toThrow(/envelope/);
    }
  });

  it("fails for the wrong key, the wrong aad, and a truncated envelope", () => {
    const aad = utf8ToBytes("job-1");
    const env = eciesSeal(pub, message, aad);
    expect(() => eciesOpen(secp256k1.keygen().secretKey, env, aad)).toThrow(/authentication failed/);
    expect(() => eciesOpen(recipient.secretKey, env)).toThrow(/authentication failed/);
    expect(() => eciesOpen(recipient.secretKey, env, utf8ToBytes("job-2"))).toThrow(/authentication failed/);
    expect(() => eciesOpen(recipient.secretKey, env.subarray(0, ECIES_OVERHEAD - 1), aad)).toThrow(/shorter/);
    expect(() => eciesOpen(recipient.secretKey, env.subarray(0, env.length - 1), aad)).toThrow(/authentication/);
  });

  it("checks its arguments by name", () => {
    expect(() => eciesSeal(pub.subarray(0, 32), message)).toThrow(/recipientPubKey/);
    expect(() => eciesSeal(secp256k1.getPublicKey(recipient.secretKey, false), message)).toThrow(/recipientPubKey/);
    const offCurve = pub.slice();
    offCurve[0] = 0x05;
    expect(() => eciesSeal(offCurve, message)).toThrow(/recipientPubKey: not a valid/);
    expect(() => eciesSeal(pub, "text" as unknown as Uint8Array)).toThrow(/plaintext/);
    expect(() => eciesOpen(new Uint8Array(32), eciesSeal(pub, message))).toThrow(/recipientPrivKey/);
    const env = eciesSeal(pub, message);
    env[0] = 2;
    expect(() => eciesOpen(recipient.secretKey, env)).toThrow(/unsupported version 2/);
  });
});
