export { ocrDictionary, OCR_REC_PATH } from "./assets";
export { readPng, writePng, type RgbaImage } from "./image";
export { renderTextLine, DEFAULT_FONT, type RenderOptions } from "./render";
export { ocrPreprocess, OCR_HEIGHT } from "./preprocess";
export { ctcDecode, ctcDecodeBatch } from "./ctc";
export { OCR_FIXTURE, FIXTURES_DIR, makeFixtures } from "./fixtures";
