import { describe, expect, it } from "vitest";
import { ClientError } from "../errors/nesa-error";
import { TOY_EOS, toyGenerationCodec } from "../testing/toy-generation-codec";
import { preparePrompt } from "./prepare-prompt";

const codec = toyGenerationCodec();

describe("preparePrompt", () => {
  it("leads with BOS, encrypts every id, and packs them as the int32 [1, P] input the pay declares", () => {
    const p = preparePrompt(codec, { prompt: "Call me", maxTokens: 4, contextLength: 32 });
    expect(p.plainIds).toEqual([TOY_EOS, ...new TextEncoder().encode("Call me")]);
    expect(p.inputTokens).toBe(8);
    expect(p.maxNewTokens).toBe(4);
    expect(p.droppedTokens).toBe(0);
    expect(p.encryptedIds).toEqual(codec.encryptIds(p.plainIds));
    expect(codec.decryptIds(p.encryptedIds)).toEqual(p.plainIds);
    expect(p.encryptedIds).not.toEqual(p.plainIds);
    expect(p.tensor).toEqual({ dtype: "int32", dims: [1, 8], data: Int32Array.from(p.encryptedIds) });
  });

  it("trims the oldest tokens so that prompt + maxTokens fit the context, keeping BOS and the end of the prompt", () => {
    const p = preparePrompt(codec, { prompt: "abcdefghijklmnopqrstuvwxyz", maxTokens: 6, contextLength: 16 });
    expect(p.inputTokens + p.maxNewTokens).toBe(16);
    expect(p.plainIds[0]).toBe(TOY_EOS);
    expect(new TextDecoder().decode(codec.decodeBytes(p.plainIds))).toBe("rstuvwxyz");
    expect(p.droppedTokens).toBe(26 - 9);
    // Exactly full: nothing dropped.
    expect(preparePrompt(codec, { prompt: "abcdefghi", maxTokens: 6, contextLength: 16 }).droppedTokens).toBe(0);
  });

  it("takes an empty prompt as BOS alone", () => {
    expect(preparePrompt(codec, { prompt: "", maxTokens: 3, contextLength: 8 }).plainIds).toEqual([TOY_EOS]);
  });

  it("refuses a maxTokens the context cannot hold, naming the range", () => {
    for (const maxTokens of [0, 8, 2.5, Number.NaN]) {
      expect(() => preparePrompt(codec, { prompt: "x", maxTokens, contextLength: 8 })).toThrow(ClientError);
    }
    expect(() => preparePrompt(codec, { prompt: "x", maxTokens: 8, contextLength: 8 })).toThrow(/1\.\.7/);
    expect(() => preparePrompt(codec, { prompt: "x", maxTokens: 1, contextLength: 0 })).toThrow(/context length/);
  });
});
