import { describe, expect, it } from "vitest";
import { fakeTokenStream } from "../testing/fake-token-stream";
import { TOY_EOS, toyGenerationCodec } from "../testing/toy-generation-codec";
import { type GeneratedToken, followTokens } from "./token-stream";

const codec = toyGenerationCodec();
/** The stream entries a miner would write for this text (encrypted ids, one per byte), steps from 0. */
const entries = (text: string, ...extra: number[]) =>
  codec.encryptIds([...new TextEncoder().encode(text), ...extra]).map((token, step) => ({ step, token }));

describe("followTokens", () => {
  it("decrypts each entry and hands on the text as it grows, until the end of text (not shown)", async () => {
    const got: GeneratedToken[] = [];
    const source = fakeTokenStream(entries("hé!", TOY_EOS, 65, 66));
    const r = await followTokens({ source, queryId: 1n, replica: 0, codec, limit: 10, signal: new AbortController().signal, onToken: (t) => got.push(t) });
    expect(r.end).toBe("eos");
    expect(r.text).toBe("hé!");
    expect(r.ids).toEqual([...new TextEncoder().encode("hé!")]);
    expect(got.map((t) => t.text)).toEqual(["h", "", "é", "!"]);
    expect(got.map((t) => [t.index, t.verified])).toEqual([[0, false], [1, false], [2, false], [3, false]]);
  });

  it("stops at the limit and times the first and last tokens", async () => {
    let clock = 100;
    const r = await followTokens({ source: fakeTokenStream(entries("abcdef")), queryId: 1n, replica: 0, codec, limit: 3, signal: new AbortController().signal, now: () => (clock += 10) });
    expect(r).toMatchObject({ end: "length", text: "abc", firstAt: 110, lastAt: 130 });
  });

  it("follows a stream that grows while it waits, and ends when aborted", async () => {
    const source = fakeTokenStream();
    const stop = new AbortController();
    const got: string[] = [];
    const run = followTokens({ source, queryId: 1n, replica: 0, codec, limit: 50, signal: stop.signal, onToken: (t) => got.push(t.text) });
    const e = entries("hi there");
    source.push(...e.slice(0, 2));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual(["h", "i"]);
    source.push(...e.slice(2));
    await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    expect(await run).toMatchObject({ end: "stopped", text: "hi there" });
  });

  it("skips a repeated step and trusts nothing after a gap", async () => {
    const e = entries("abcd");
    const r = await followTokens({ source: fakeTokenStream([e[0], e[1], e[1], e[3]]), queryId: 1n, replica: 0, codec, limit: 10, signal: AbortSignal.abort() });
    expect(r).toMatchObject({ end: "stopped", text: "ab" });
  });
});
