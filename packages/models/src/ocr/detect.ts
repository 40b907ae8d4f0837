// PP-OCRv4 text detector (DBNet) pre- and post-processing, in plain TS: the image → [1, 3, H, W] (sides multiples
// of 32), and the probability map [1, 1, H, W] → text boxes (threshold, 4-connected components, box score, unclip).
import type { FloatTensor } from "../onnx/tensors";
import { type RgbaImage, assertImage } from "./image";
import { resizeToBgr } from "./preprocess";

/** A text box in the original image's pixels (axis-aligned; rendered lines are horizontal). */
export interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Mean probability inside the component (DB's box score). */
  score: number;
}

export interface DetectOptions {
  /** Longest side after resizing (default 960, PaddleOCR's limit_side_len). */
  maxSide?: number;
  /** Pixel threshold on the probability map (default 0.3). */
  threshold?: number;
  /** Boxes whose mean probability is below this are dropped (default 0.6). */
  boxThreshold?: number;
  /** DB's unclip ratio: how far the shrunk text kernel is grown back (default 1.5). */
  unclipRatio?: number;
  /** Components smaller than this many map pixels are noise (default 10). */
  minArea?: number;
}

/** The geometry detPreprocess used, which detPostprocess needs to map boxes back. */
export interface DetGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * Detector input: resized (bilinear) so each side is a multiple of 32 and the longest ≤ maxSide, transparent pixels
 * on white, (px/255 − mean)/std per channel, [1, 3, H, W] in BGR order as PaddleOCR (OpenCV) feeds it.
 */
export function detPreprocess(image: RgbaImage, options: DetectOptions = {}): { tensor: FloatTensor; geometry: DetGeometry } {
  assertImage(image, "detPreprocess");
  const maxSide = options.maxSide ?? 960;
  const ratio = Math.min(1, maxSide / Math.max(image.width, image.height));
  const outW = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const outH = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  // BGR-ordered statistics, as PaddleOCR normalizes the detector's input.
  const data = resizeToBgr(image, outW, outH, (v, b) => (v / 255 - MEAN[b]) / STD[b]);
  const sx = image.width / outW;
  const sy = image.height / outH;
  return { tensor: { dims: [1, 3, outH, outW], data }, geometry: { width: image.width, height: image.height, scaleX: sx, scaleY: sy } };
}

/**
 * DB post-processing: pixels above `threshold` → 4-connected components → each component's bounding box, kept when
 * its mean probability ≥ boxThreshold, grown by DB's unclip offset (area × ratio / perimeter) and mapped back to the
 * original image. Boxes come sorted top to bottom, then left to right (reading order).
 * @example detPostprocess(await runSingle(session, tensor), geometry) // → [{ x, y, width, height, score }, …]
 */
export function detPostprocess(map: FloatTensor, geometry: DetGeometry, options: DetectOptions = {}): TextBox[] {
  const dims = map.dims;
  if (dims.length !== 4 || dims[0] !== 1 || dims[1] !== 1) throw new Error(`detPostprocess: expected a [1, 1, H, W] probability map, got [${dims.join(", ")}]`);
  const [h, w] = [dims[2], dims[3]];
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclip = options.unclipRatio ?? 1.5;
  const minArea = options.minArea ?? 10;
  const p = map.data;
  const label = new Int32Array(h * w);
  const stack: number[] = [];
  const boxes: TextBox[] = [];
  let next = 0;
  for (let start = 0; start < h * w; start++) {
    if (label[start] !== 0 || p[start] <= threshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let [minX, minY, maxX, maxY, area, sum] = [w, h, -1, -1, 0, 0];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const x = i % w;
      const y = (i - x) / w;
      area++;
      sum += p[i];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1]) {
        if (j >= 0 && label[j] === 0 && p[j] > threshold) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    if (area < minArea || sum / area < boxThreshold) continue;
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    const d = (bw * bh * unclip) / (2 * (bw + bh));
    const x0 = Math.max(0, (minX - d) * geometry.scaleX);
    const y0 = Math.max(0, (minY - d) * geometry.scaleY);
    const x1 = Math.min(geometry.width, (maxX + 1 + d) * geometry.scaleX);
    const y1 = Math.min(geometry.height, (maxY + 1 + d) * geometry.scaleY);
    boxes.push({ x: Math.round(x0), y: Math.round(y0), width: Math.round(x1) - Math.round(x0), height: Math.round(y1) - Math.round(y0), score: Number((sum / area).toFixed(4)) });
  }
  return boxes.sort((a, b) => (Math.abs(a.y - b.y) > Math.min(a.height, b.height) / 2 ? a.y - b.y : a.x - b.x));
}

/**
 * One box of an image as a recognizer line: the box's pixels on a white canvas padded by `pad` × its height on
 * each side (default 0.25), so the glyphs fill about as much of the line as in the crops PP-OCR was trained on
 * (the recognizer then resizes it to 48 px high; a tight box makes it drop spaces).
 */
export function cropBox(image: RgbaImage, box: TextBox, options: { pad?: number } = {}): RgbaImage {
  assertImage(image, "cropBox");
  const x0 = Math.max(0, Math.min(image.width - 1, box.x));
  const y0 = Math.max(0, Math.min(image.height - 1, box.y));
  const bw = Math.max(1, Math.min(image.width - x0, box.width));
  const bh = Math.max(1, Math.min(image.height - y0, box.height));
  const m = Math.round(bh * (options.pad ?? 0.25));
  const width = bw + 2 * m;
  const height = bh + 2 * m;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < bh; y++) rgba.set(image.rgba.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + bw) * 4), ((y + m) * width + m) * 4);
  return { width, height, rgba };
}

/** Stacks line images on a white page with a gap between them: a multi-line test image. */
export function composeLines(lines: RgbaImage[], options: { gap?: number; margin?: number } = {}): RgbaImage {
  if (lines.length === 0) throw new Error("composeLines: pass at least one line image");
  const gap = options.gap ?? 16;
  const margin = options.margin ?? 16;
  const width = Math.max(...lines.map((l) => l.width)) + 2 * margin;
  const height = lines.reduce((s, l) => s + l.height, 0) + gap * (lines.length - 1) + 2 * margin;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  let top = margin;
  for (const l of lines) {
    for (let y = 0; y < l.height; y++) rgba.set(l.rgba.subarray(y * l.width * 4, (y + 1) * l.width * 4), ((top + y) * width + margin) * 4);
    top += l.height + gap;
  }
  return { width, height, rgba };
}

/** One line per box: `x,y width×height score`. */
export function formatBoxes(boxes: TextBox[]): string {
  if (boxes.length === 0) return "no text found";
  return boxes.map((b, i) => `box ${i + 1}: x=${b.x} y=${b.y} ${b.width}×${b.height} score ${b.score}`).join("\n");
}
