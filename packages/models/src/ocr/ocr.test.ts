import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type InferenceSession, createSession, runSingle } from "../runtime/session";
import { modelPath } from "../runtime/model-path";
import { ocrDictionary } from "./assets";
import { ctcDecode, ctcDecodeBatch } from "./ctc";
import { OCR_FIXTURE } from "./fixtures";
import { readPng, writePng } from "./image";
import { ocrPreprocess } from "./preprocess";
import { renderTextLine } from "./render";

const LINES = ["Hello World 2024", "Private inference", "nesa localnet 42", "Equivariant Encryption", "query 1234 paid", "Shard 3 of 4"];

describe("PP-OCRv4 recognizer with our pre/post-processing", () => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await createSession(modelPath("ocr-rec"), { threads: 2 });
  });

  it("reads six different rendered lines back exactly", async () => {
    for (const text of LINES) {
      const input = ocrPreprocess(renderTextLine(text));
      const output = await runSingle(session, input);
      expect(output.dims[2]).toBe(ocrDictionary().length);
      expect(ctcDecode(output)).toBe(text);
    }
  });

  it("reads lines rendered at other heights and with another font", async () => {
    const serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
    expect(ctcDecode(await runSingle(session, ocrPreprocess(renderTextLine("Miners agree", { height: 64 }))))).toBe("Miners agree");
    expect(ctcDecode(await runSingle(session, ocrPreprocess(renderTextLine("The quick brown fox", { font: serif }))))).toBe("The quick brown fox");
  });

  it("reads the committed fixture PNG", async () => {
    const image = readPng(OCR_FIXTURE.file);
    expect(image.height).toBe(48);
    expect(ctcDecode(await runSingle(session, ocrPreprocess(image)))).toBe(OCR_FIXTURE.text);
  });

  it("round-trips PNG files", () => {
    const image = renderTextLine("png");
    const path = join(mkdtempSync(join(tmpdir(), "nesa-ocr-")), "line.png");
    writePng(path, image);
    const back = readPng(path);
    expect([back.width, back.height]).toEqual([image.width, image.height]);
    expect(Buffer.from(back.rgba).equals(Buffer.from(image.rgba))).toBe(true);
  });

  it("preprocesses to [1,3,48,W] in [-1,1] keeping the aspect ratio", () => {
    const image = renderTextLine("Hello", { height: 96 });
    const input = ocrPreprocess(image);
    expect(input.dims).toEqual([1, 3, 48, Math.round(image.width / 2)]);
    expect(input.data.length).toBe(3 * 48 * input.dims[3]);
    expect(Math.max(...input.data)).toBeCloseTo(1, 5); // white background
    expect(Math.min(...input.data)).toBeLessThan(-0.9); // black ink
  });

  it("decodes CTC: drops blanks and repeats, keeps doubled letters separated by a blank", () => {
    const dict = ocrDictionary();
    const C = dict.length;
    const steps = ["l", "l", "", "l", "o", "o", " ", "", "2"].map((ch) => (ch === "" ? 0 : dict.lastIndexOf(ch)));
    const data = new Float32Array(steps.length * C);
    steps.forEach((cls, t) => {
      data[t * C + cls] = 1;
    });
    expect(ctcDecode({ dims: [1, steps.length, C], data })).toBe("llo 2");
    expect(ctcDecodeBatch({ dims: [2, 1, C], data: new Float32Array(2 * C) })).toEqual(["", ""]);
  });

  it("explains bad input", () => {
    expect(() => ctcDecode({ dims: [1, 2, 10], data: new Float32Array(20) })).toThrow(/10 classes but the PP-OCR dictionary needs 6625/);
    expect(() => ocrPreprocess({ width: 2, height: 2, rgba: new Uint8Array(3) })).toThrow(/image.rgba must be a Uint8Array of width×height×4 = 16 bytes/);
    expect(() => renderTextLine("")).toThrow(/non-empty string/);
    expect(() => renderTextLine("x", { font: "/nonexistent.ttf" })).toThrow(/cannot load font \/nonexistent.ttf/);
    expect(() => readPng("/nonexistent.png")).toThrow(/cannot read \/nonexistent.png/);
  });
});
