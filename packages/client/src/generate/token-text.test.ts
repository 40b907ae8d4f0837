import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BpeTokenizer, type TokenizerJson } from "@nesa/models/lm";
import { describe, expect, it } from "vitest";
import { TokenText, incompleteUtf8Tail } from "./token-text";

const bytes = (...b: number[]) => Uint8Array.from(b);
/** One token per byte: every multi-byte character arrives split. */
const byteTokens = () => new TokenText((ids) => Uint8Array.from(ids));

describe("incompleteUtf8Tail", () => {
  it("counts the bytes of a trailing character that is not complete yet", () => {
    expect(incompleteUtf8Tail(bytes())).toBe(0);
    expect(incompleteUtf8Tail(bytes(0x41))).toBe(0);
    expect(incompleteUtf8Tail(bytes(0x41, 0xc3))).toBe(1); // é = C3 A9
    expect(incompleteUtf8Tail(bytes(0xc3, 0xa9))).toBe(0);
    expect(incompleteUtf8Tail(bytes(0xe2, 0x82))).toBe(2); // € = E2 82 AC
    expect(incompleteUtf8Tail(bytes(0xf0, 0x9f, 0x90))).toBe(3); // 🐋 = F0 9F 90 8B
    expect(incompleteUtf8Tail(bytes(0xf0, 0x9f, 0x90, 0x8b))).toBe(0);
  });

  it("does not hold back bytes that can never complete", () => {
    expect(incompleteUtf8Tail(bytes(0x80))).toBe(0);
    expect(incompleteUtf8Tail(bytes(0xc3, 0xa9, 0xa9))).toBe(0);
  });
});

describe("TokenText", () => {
  it("hands on a split character once, when its last byte arrives", () => {
    const t = byteTokens();
    const pieces = [...new TextEncoder().encode("a€🐋b")].map((b) => t.push(b));
    expect(pieces).toEqual(["a", "", "", "€", "", "", "", "🐋", "b"]);
    expect(t.text).toBe("a€🐋b");
    expect(pieces.join("")).not.toContain("\uFFFD");
  });

  it("turns a character that never completes into U+FFFD once the next one starts, and on flush", () => {
    const t = byteTokens();
    expect([0xe2, 0x82, 0x41].map((b) => t.push(b)).join("")).toBe("\uFFFDA");
    const u = byteTokens();
    u.push(0x41);
    u.push(0xc3);
    expect(u.text).toBe("A");
    expect(u.flush()).toBe("\uFFFD");
  });

  it("joins to the tokenizer's own decoding on tiny-lm's byte-level BPE, with no half character in any piece", () => {
    const path = fileURLToPath(new URL("../../../models/assets/tiny-lm/tokenizer.json", import.meta.url));
    const tokenizer = new BpeTokenizer(JSON.parse(readFileSync(path, "utf8")) as TokenizerJson);
    const text = "Call me Ishmael — naïve café, 🐋 ahoy! «Ça va?» 日本";
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeGreaterThan(10);
    const t = new TokenText((x) => tokenizer.decodeBytes(x));
    const pieces = ids.map((id) => t.push(id));
    expect(pieces.join("")).toBe(tokenizer.decode(ids));
    expect(pieces.join("")).toBe(text);
    expect(pieces.some((p) => p.includes("\uFFFD"))).toBe(false);
    expect(pieces.filter((p) => p === "").length).toBeGreaterThan(0); // some tokens end inside a character
  });
});
