import { composeLines, generateEEKey, renderTextLine } from "@nesa/models";
import { describe, expect, it } from "vitest";
import type { InferParameters, InferReturnType } from "../../infer/infer";
import { createOcrDetCodec, createOcrLinesCodec, readPage } from "./ocr-codecs";

const page = composeLines(["Hello World 2024", "Private inference"].map((t) => renderTextLine(t)));

describe("OCR codecs (ocr-det boxes, ocr-rec line batches) and readPage", () => {
  it("ocr-det: a page → [1, 3, H, W] with sides multiples of 32; a map → boxes in the page's pixels", () => {
    const codec = createOcrDetCodec(generateEEKey("ocr-det", { seed: "t", spec: { classes: 1 } }));
    const x = codec.prepare(page);
    expect(x.dims[0]).toBe(1);
    expect(x.dims[1]).toBe(3);
    expect(x.dims[2] % 32).toBe(0);
    expect(x.dims[3] % 32).toBe(0);
    // A synthetic map: one bright band across the top third.
    const [h, w] = [x.dims[2], x.dims[3]];
    const map = new Float32Array(h * w);
    for (let y = Math.floor(h / 6); y < Math.floor(h / 3); y++) map.fill(0.9, y * w + 8, y * w + w - 8);
    const boxes = codec.decode(codec.decrypt({ dtype: "float32", dims: [1, 1, h, w], data: map }));
    expect(boxes).toHaveLength(1);
    expect(boxes[0].x + boxes[0].width).toBeLessThanOrEqual(page.width);
    expect(boxes[0].y).toBeLessThan(page.height / 3);
  });

  it("ocr-rec lines: refuses an empty page with what to check", () => {
    const codec = createOcrLinesCodec(generateEEKey("ocr-rec", { seed: "t" }));
    expect(() => codec.prepare([])).toThrow(/detector found no box/);
    expect(codec.prepare([renderTextLine("a"), renderTextLine("longer line")]).dims).toEqual([2, 3, 48, expect.any(Number)]);
  });

  it("readPage sends two queries (detect, then one batch of cropped lines) and skips the second when nothing is found", async () => {
    const calls: string[] = [];
    const fake = (boxes: number) => async <I, O>(p: InferParameters<I>): Promise<InferReturnType<O>> => {
      calls.push(p.model);
      const output = p.model === "ocr-det" ? Array.from({ length: boxes }, (_, i) => ({ x: 10, y: 10 + 40 * i, width: 100, height: 30, score: 0.9 })) : (p.input as unknown[]).map((_, i) => `line ${i}`);
      return { output } as unknown as InferReturnType<O>;
    };
    expect((await readPage(fake(2), page)).lines).toEqual(["line 0", "line 1"]);
    expect(calls).toEqual(["ocr-det", "ocr-rec"]);
    calls.length = 0;
    const none = await readPage(fake(0), page);
    expect(none.lines).toEqual([]);
    expect(calls).toEqual(["ocr-det"]);
  });
});
