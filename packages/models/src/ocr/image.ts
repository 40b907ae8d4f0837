import { readFileSync, writeFileSync } from "node:fs";
import pngjs from "pngjs";

/** An 8-bit RGBA image, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decode a PNG file into RGBA pixels. */
export function readPng(path: string): RgbaImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`readPng: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`, { cause: err });
  }
  const png = pngjs.PNG.sync.read(bytes);
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}

/** Encode RGBA pixels as a PNG file. */
export function writePng(path: string, image: RgbaImage): void {
  assertImage(image, "writePng");
  const data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
  writeFileSync(path, pngjs.PNG.sync.write({ width: image.width, height: image.height, data }));
}

/** Checks an image's fields so a bad one fails here rather than as garbage pixels later. */
export function assertImage(image: RgbaImage, where: string): void {
  if (!Number.isInteger(image?.width) || !Number.isInteger(image?.height) || image.width < 1 || image.height < 1) {
    throw new Error(`${where}: image width and height must be positive integers, got ${image?.width}×${image?.height}`);
  }
  if (!(image.rgba instanceof Uint8Array) || image.rgba.length !== image.width * image.height * 4) {
    throw new Error(`${where}: image.rgba must be a Uint8Array of width×height×4 = ${image.width * image.height * 4} bytes, got ${image.rgba?.length}`);
  }
}
