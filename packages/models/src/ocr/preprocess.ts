import type { FloatTensor } from "../onnx/tensors";
import { type RgbaImage, assertImage } from "./image";

/** The recognizer's fixed input height. */
export const OCR_HEIGHT = 48;

/**
 * PP-OCRv4 recognizer input for one text-line image: resized to height 48 keeping the aspect ratio
 * (bilinear), transparent pixels composited on white, each channel scaled to (px/255 − 0.5)/0.5,
 * laid out [1, 3, 48, W] in BGR order, as PaddleOCR (OpenCV) feeds it in training.
 */
export function ocrPreprocess(image: RgbaImage): FloatTensor & { dims: [1, 3, 48, number] } {
  assertImage(image, "ocrPreprocess");
  const outH = OCR_HEIGHT;
  const outW = Math.max(8, Math.round((image.width * outH) / image.height));
  const data = resizeToBgr(image, outW, outH, (v) => (v / 255 - 0.5) / 0.5);
  return { dims: [1, 3, outH, outW], data };
}

/**
 * Bilinear resize to outW × outH with transparent pixels composited on white, laid out [3, outH, outW] in BGR order
 * (channel 0 is blue, as PaddleOCR's OpenCV pipeline feeds its models); `normalize(v, b)` maps a 0–255 value of
 * tensor channel b. Shared by the recognizer's and the detector's preprocessing.
 */
export function resizeToBgr(image: RgbaImage, outW: number, outH: number, normalize: (v: number, bgrChannel: number) => number): Float32Array {
  const plane = outH * outW;
  const data = new Float32Array(3 * plane);
  const sx = image.width / outW;
  const sy = image.height / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const v =
          (1 - wy) * ((1 - wx) * pixel(image, x0, y0, c) + wx * pixel(image, x1, y0, c)) +
          wy * ((1 - wx) * pixel(image, x0, y1, c) + wx * pixel(image, x1, y1, c));
        const b = 2 - c;
        data[b * plane + y * outW + x] = normalize(v, b);
      }
    }
  }
  return data;
}

function pixel(image: RgbaImage, x: number, y: number, c: number): number {
  const i = (y * image.width + x) * 4;
  const alpha = image.rgba[i + 3] / 255;
  return image.rgba[i + c] * alpha + 255 * (1 - alpha);
}

/**
 * Several text lines as one recognizer batch [N, 3, 48, W]: each preprocessed alone, then padded on the right with
 * white (1.0 after normalization) to the widest, so one query reads every line of a page.
 */
export function ocrPreprocessBatch(images: RgbaImage[]): FloatTensor & { dims: [number, 3, 48, number] } {
  if (images.length === 0) throw new Error("ocrPreprocessBatch: pass at least one line image");
  const lines = images.map((i) => ocrPreprocess(i));
  const width = Math.max(...lines.map((l) => l.dims[3]));
  const plane = OCR_HEIGHT * width;
  const data = new Float32Array(lines.length * 3 * plane).fill(1);
  lines.forEach((l, n) => {
    const w = l.dims[3];
    for (let c = 0; c < 3; c++) for (let y = 0; y < OCR_HEIGHT; y++) data.set(l.data.subarray((c * OCR_HEIGHT + y) * w, (c * OCR_HEIGHT + y + 1) * w), n * 3 * plane + c * plane + y * width);
  });
  return { dims: [lines.length, 3, OCR_HEIGHT, width], data };
}
