import * as PImage from "pureimage";
import type { RgbaImage } from "./image";

export interface RenderOptions {
  /** Image height in pixels (default 48, the recognizer's input height). */
  height?: number;
  /** Path to a TrueType font (default DejaVu Sans from Debian's fonts-dejavu-core). */
  font?: string;
}

export const DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

const loaded = new Map<string, string>();

/**
 * Draw one line of black text on white, in pure JS, for tests and demos.
 * The glyphs fill about 60 % of the height with a margin each side: the proportions of the
 * cropped lines PP-OCR was trained on.
 */
export function renderTextLine(text: string, options: RenderOptions = {}): RgbaImage {
  const height = options.height ?? 48;
  if (typeof text !== "string" || text.length === 0) throw new Error("renderTextLine: text must be a non-empty string");
  if (!Number.isInteger(height) || height < 16) throw new Error(`renderTextLine: height must be an integer ≥ 16, got ${height}`);
  const family = loadFont(options.font ?? DEFAULT_FONT);
  const size = Math.round(height * 0.6);
  const probe = PImage.make(1, 1).getContext("2d");
  probe.font = `${size}px ${family}`;
  const margin = Math.round(height * 0.1);
  const width = Math.ceil(probe.measureText(text).width) + 2 * margin;

  const bitmap = PImage.make(width, height);
  const ctx = bitmap.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#000000";
  ctx.font = `${size}px ${family}`;
  // Baseline at ~75 % of the height leaves room for descenders (g, p, y).
  ctx.fillText(text, margin, Math.round(height * 0.72));
  return { width, height, rgba: new Uint8Array(bitmap.data) };
}

function loadFont(path: string): string {
  const known = loaded.get(path);
  if (known) return known;
  const family = `nesa-font-${loaded.size}`;
  try {
    PImage.registerFont(path, family).loadSync();
  } catch (err) {
    throw new Error(`renderTextLine: cannot load font ${path}; install fonts-dejavu-core or pass {font: "<path to .ttf>"}`, { cause: err });
  }
  loaded.set(path, family);
  return family;
}
