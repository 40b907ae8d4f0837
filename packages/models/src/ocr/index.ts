export { ocrDictionary, OCR_REC_PATH } from "./assets";
