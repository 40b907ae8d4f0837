import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eeDecrypt } from "../ee/client";
import { prepareOnnx } from "../generic/prepare-onnx";
import pino from "pino";
import { createSession, type InferenceSession, runSingle } from "../runtime/session";
import { modelPath } from "../runtime/model-path";
import { OCR_DET_PATH } from "./assets";
import { ctcDecode } from "./ctc";
import { composeLines, cropBox, detPostprocess, detPreprocess } from "./detect";
import { ocrPreprocess, ocrPreprocessBatch } from "./preprocess";
import { ctcDecodeBatch } from "./ctc";
import { renderTextLine } from "./render";
import type { EEKey } from "../ee/key";
import { readFileSync } from "node:fs";

const PAGES = [
  ["Hello World 2024", "Private inference"],
  ["nesa localnet 42", "Equivariant Encryption", "query 1234 paid"],
  ["Shard 3 of 4", "Miners agree on it", "The quick brown fox"],
];

describe("PP-OCRv4 detector (DBNet) with our pre/post-processing", () => {
  let det: InferenceSession;
  let rec: InferenceSession;
  let shards: InferenceSession[];
  let key: EEKey;
  beforeAll(async () => {
    det = await createSession(OCR_DET_PATH, { threads: 2 });
    rec = await createSession(modelPath("ocr-rec"), { threads: 2 });
    const out = mkdtempSync(join(tmpdir(), "ocr-det-"));
    const manifest = await prepareOnnx({ onnx: OCR_DET_PATH, id: "ocr-det", name: "detector", shards: 2, ee: true, out, seed: "detect-test" }, pino({ level: "silent" }));
    shards = await Promise.all(manifest.shards.map((s) => createSession(join(out, s.file), { threads: 2 })));
    key = JSON.parse(readFileSync(join(out, "ocr-det.ee-key.json"), "utf8")) as EEKey;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([det, rec, ...shards].map((s) => s?.release()));
  });

  it("finds every line of rendered 2- and 3-line pages, and the recognizer reads each crop exactly", async () => {
    for (const lines of PAGES) {
      const page = composeLines(lines.map((t) => renderTextLine(t)));
      const { tensor, geometry } = detPreprocess(page);
      const boxes = detPostprocess(await runSingle(det, tensor), geometry);
      expect(boxes.length).toBe(lines.length);
      const read: string[] = [];
      for (const b of boxes) read.push(ctcDecode(await runSingle(rec, ocrPreprocess(cropBox(page, b)))).trim()); // as `nesa infer --model ocr` does
      expect(read).toEqual(lines);
    }
  }, 60_000);

  it("reads a page's crops in one recognizer batch (what the second query of --model ocr sends)", async () => {
    const lines = PAGES[2];
    const page = composeLines(lines.map((t) => renderTextLine(t)));
    const { tensor, geometry } = detPreprocess(page);
    const boxes = detPostprocess(await runSingle(det, tensor), geometry);
    const batch = ocrPreprocessBatch(boxes.map((b) => cropBox(page, b)));
    expect(batch.dims[0]).toBe(lines.length);
    expect(ctcDecodeBatch(await runSingle(rec, batch)).map((t) => t.trim())).toEqual(lines);
  }, 60_000);

  it("EE shards from prepare --onnx give the same boxes as the plain model", async () => {
    const page = composeLines(PAGES[1].map((t) => renderTextLine(t)));
    const { tensor, geometry } = detPreprocess(page);
    const plain = await runSingle(det, tensor);
    let x = tensor;
    for (const s of shards) x = await runSingle(s, x);
    const y = eeDecrypt("ocr-det", key, x);
    let max = 0;
    for (let i = 0; i < y.data.length; i++) max = Math.max(max, Math.abs(y.data[i] - plain.data[i]));
    expect(max).toBeLessThan(1e-4);
    expect(detPostprocess(y, geometry)).toEqual(detPostprocess(plain, geometry));
  }, 60_000);

  it("rejects a map that is not [1, 1, H, W]", () => {
    expect(() => detPostprocess({ dims: [1, 2, 4, 4], data: new Float32Array(32) }, { width: 4, height: 4, scaleX: 1, scaleY: 1 })).toThrow(/\[1, 1, H, W\]/);
  });
});
