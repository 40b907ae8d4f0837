// BROWSER entry (`@nesa/client/browser`): adapters a page needs beside the SDK core. Bundle with the
// substitutes in browser-substitutes.ts (see packages/playground/src/server/models-in-browser.ts).
export { BROWSER_MODELS, type BrowserModelInput, createBrowserModelCodec } from "./model-codecs";
export { IMAGE_TYPES, MAX_IMAGE_BYTES, checkImageFile, decodeImageFile } from "./image-input";
export { BROWSER_SUBSTITUTES } from "./browser-substitutes";
