import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writePng } from "./image";
import { renderTextLine } from "./render";

/** Committed fixtures: packages/models/fixtures. */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures");

/** The text-line fixture the demo OCRs, and the text it must read back. */
export const OCR_FIXTURE = { file: join(FIXTURES_DIR, "ocr-line.png"), text: "Private inference on nesa 2026" };

/** Re-create the committed fixture PNG (`pnpm nesa-models make-fixtures`). */
export function makeFixtures(): string[] {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  writePng(OCR_FIXTURE.file, renderTextLine(OCR_FIXTURE.text, { height: 48 }));
  return [OCR_FIXTURE.file];
}
