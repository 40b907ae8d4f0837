import { p256 } from "@noble/curves/nist.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { utf8ToBytes } from "../util/bytes";
import { rfc6979Nonce } from "./rfc6979-nonce";

// RFC 6979 Appendix A.2.5 (P-256, SHA-256): private key x and the nonce k for messages "sample" and "test".
const X = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
const Q = p256.Point.Fn.ORDER;

describe("rfc6979Nonce", () => {
  it("reproduces RFC 6979 A.2.5 for SHA-256", () => {
    expect(rfc6979Nonce(sha256, Q, X, utf8ToBytes("sample"))).toBe(
      0xa6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60n,
    );
    expect(rfc6979Nonce(sha256, Q, X, utf8ToBytes("test"))).toBe(
      0xd16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0n,
    );
  });
  it("rejects a secret outside [1, q)", () => {
    expect(() => rfc6979Nonce(sha256, Q, 0n, new Uint8Array())).toThrow(/x/);
    expect(() => rfc6979Nonce(sha256, Q, Q, new Uint8Array())).toThrow(/x/);
  });
});
