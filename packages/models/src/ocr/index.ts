export { ocrDictionary, OCR_DET_PATH, OCR_REC_PATH } from "./assets";
export { composeLines, cropBox, detPostprocess, detPreprocess, formatBoxes, type DetectOptions, type DetGeometry, type TextBox } from "./detect";
export { readPng, writePng, type RgbaImage } from "./image";
export { renderTextLine, DEFAULT_FONT, type RenderOptions } from "./render";
export { ocrPreprocess, ocrPreprocessBatch, OCR_HEIGHT } from "./preprocess";
export { ctcDecode, ctcDecodeBatch } from "./ctc";
export { OCR_FIXTURE, FIXTURES_DIR, makeFixtures } from "./fixtures";
