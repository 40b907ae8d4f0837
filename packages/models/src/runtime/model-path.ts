import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeLandeModel } from "../lande/convert";
import { OCR_REC_PATH } from "../ocr/assets";
import { TINY_LM_DIR, lmFiles } from "../lm/tiny-lm";

/** Model ids used everywhere: chain, CLI, SDK. */
export const MODEL_IDS = ["ocr-rec", "lande", "tiny-lm"] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** Gitignored cache for generated models (packages/models/.cache). */
export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".cache");
// The cache file is named after the lande release and our converter's version, so upgrading either
// regenerates it instead of silently reusing a stale conversion.
const CONVERTER_VERSION = 1;
const landeVersion = (() => {
  const entry = createRequire(import.meta.url).resolve("lande");
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
})();
export const LANDE_PATH = join(CACHE_DIR, `lande-${landeVersion}-c${CONVERTER_VERSION}.onnx`);

/** Throws a clear error for anything but a known model id. */
export function assertModelId(id: string): asserts id is ModelId {
  if (!(MODEL_IDS as readonly string[]).includes(id)) {
    throw new Error(`unknown model id "${id}": use one of ${MODEL_IDS.join(", ")}`);
  }
}

/**
 * Path of the plain (unsharded, unencrypted) ONNX file of a model. OCR comes from node_modules; lande
 * is converted from the installed lande package on first use (`pnpm nesa-models convert-lande`
 * does the same explicitly); tiny-lm is the committed decoder (packages/models/assets/tiny-lm).
 */
export function modelPath(id: ModelId | string): string {
  assertModelId(id);
  if (id === "ocr-rec") return OCR_REC_PATH;
  if (id === "tiny-lm") return lmFiles(TINY_LM_DIR).model;
  if (!existsSync(LANDE_PATH)) writeLandeModel(LANDE_PATH);
  return LANDE_PATH;
}
