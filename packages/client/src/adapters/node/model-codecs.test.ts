// The Node codecs on the real @nesa/models code: EE round trip, privacy levels, argument errors.
import { generateEEKey } from "@nesa/models";
import { describe, expect, it } from "vitest";
import { ClientErrorCode } from "../../errors/nesa-error";
import { createNodeModelCodec } from "./model-codecs";

describe("createNodeModelCodec", () => {
  const key = generateEEKey("lande", { seed: "codec-test" });

  it("lande: encrypts the features with the key's permutation and undoes the class permutation on the output", () => {
    const codec = createNodeModelCodec("lande", key);
    const x = codec.prepare("Guten Morgen, wie geht es dir heute?");
    expect(x.dims).toEqual([1, 620]);
    const enc = codec.encrypt(x);
    expect(Array.from(enc.data as Float32Array)).not.toEqual(Array.from(x.data as Float32Array));
    expect([...(enc.data as Float32Array)].sort()).toEqual([...(x.data as Float32Array)].sort()); // a permutation
    // A one-hot "model output" in encrypted class order decodes to the language of that class.
    const probs = new Float32Array(50);
    probs[key.classPerm.indexOf(0)] = 1;
    const out = codec.decrypt({ dtype: "float32", dims: [1, 50], data: probs });
    expect((out.data as Float32Array)[0]).toBe(1);
    expect(typeof codec.decode(out)).toBe("string");
    const [s0, s1] = codec.splitShares(enc);
    expect(Math.max(...(s0.data as Float32Array).map((v, i) => Math.abs(v + (s1.data as Float32Array)[i] - (enc.data as Float32Array)[i])))).toBeLessThan(1e-3);
  });

  it("reports EE on lande as a loud warning and EE on OCR as raw input to a miner", () => {
    expect(createNodeModelCodec("lande", key).exposure("ee")).toMatchObject({ level: "warn", rawInputToMiner: false });
    const ocr = createNodeModelCodec("ocr-rec", generateEEKey("ocr-rec", { seed: "x" }));
    expect(ocr.exposure("ee")).toMatchObject({ level: "refuse", rawInputToMiner: true });
    expect(ocr.exposure("hss-ee").rawInputToMiner).toBe(false);
  });

  it("refuses a key for another model and inputs of the wrong kind, saying what to pass", () => {
    expect(() => createNodeModelCodec("ocr-rec", key)).toThrow(expect.objectContaining({ code: ClientErrorCode.InvalidArgument }));
    expect(() => createNodeModelCodec("lande", key).prepare({ png: "x.png" })).toThrow(/--text/);
    expect(() => createNodeModelCodec("mystery", key)).toThrow(expect.objectContaining({ code: ClientErrorCode.UnknownModel }));
  });
});
