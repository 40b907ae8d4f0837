import { describe, expect, it } from "vitest";
import { ClientError } from "../errors/nesa-error";
import { TOY_EOS, toyGenerationCodec } from "../testing/toy-generation-codec";
import { decodeGeneratedOutput, sameIds } from "./generated-output";

const codec = toyGenerationCodec();
const tensor = (plain: number[]) => ({ dtype: "int32" as const, dims: [1, plain.length], data: Int32Array.from(codec.encryptIds(plain)) });
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

describe("decodeGeneratedOutput", () => {
  it("decrypts the agreed ids and cuts the text at the end of text", () => {
    const r = decodeGeneratedOutput(codec, tensor([...utf8("ahoy"), TOY_EOS]));
    expect(r).toEqual({ ids: utf8("ahoy"), text: "ahoy", finishReason: "stop", generated: 5 });
  });

  it("with a secret stop id the miners ran past the end of text: the text still ends there", () => {
    const r = decodeGeneratedOutput(codec, tensor([...utf8("ok"), TOY_EOS, ...utf8("more")]));
    expect(r).toMatchObject({ text: "ok", finishReason: "stop", generated: 7 });
  });

  it("without an end of text the generation ran out of tokens", () => {
    expect(decodeGeneratedOutput(codec, tensor(utf8("ç")))).toMatchObject({ text: "ç", finishReason: "length", generated: 2 });
  });

  it("refuses a result that is not int32 [1, n] token ids", () => {
    expect(() => decodeGeneratedOutput(codec, { dtype: "float32", dims: [1, 2], data: new Float32Array(2) })).toThrow(ClientError);
    expect(() => decodeGeneratedOutput(codec, { dtype: "int32", dims: [2], data: new Int32Array(2) })).toThrow(/int32 \[1, n\]/);
    expect(() => decodeGeneratedOutput(codec, { dtype: "int32", dims: [1, 1], data: Int32Array.of(999) })).toThrow(/vocabulary/);
  });
});

describe("sameIds", () => {
  it("is element-wise equality", () => {
    expect(sameIds([1, 2], [1, 2])).toBe(true);
    expect(sameIds([1, 2], [1])).toBe(false);
    expect(sameIds([1, 2], [1, 3])).toBe(false);
  });
});
