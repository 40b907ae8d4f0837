// BROWSER ADAPTER: a user's image file → the RGBA pixels ocrPreprocess reads, decoded by the browser itself
// (createImageBitmap) without colour management or alpha premultiplication, so a PNG gives the same bytes as
// pngjs does in the Node adapter and the same OCR text.
import type { RgbaImage } from "@nesa/models";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";

/** The image types the page accepts (what createImageBitmap decodes everywhere). */
export const IMAGE_TYPES = ["image/png", "image/jpeg"] as const;
/** Larger files are refused before decoding (a text line is a few KB). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

const notImage = (name: string, why: string) =>
  new ClientError(ClientErrorCode.InvalidArgument, `"${name}" is not a PNG or JPEG image (${why})`, "choose a PNG or JPEG picture of one line of text; nothing was paid");

/** Refuses what is not a PNG/JPEG by its first bytes (the file name and type can lie). */
export async function checkImageFile(file: Blob & { name?: string }): Promise<void> {
  const name = file.name ?? "file";
  if (file.size === 0) throw notImage(name, "it is empty");
  if (file.size > MAX_IMAGE_BYTES) throw new ClientError(ClientErrorCode.InvalidArgument, `"${name}" is ${file.size} bytes, more than ${MAX_IMAGE_BYTES}`, "crop the image to the text line; nothing was paid");
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const png = head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (!png && !jpeg) throw notImage(name, file.type ? `its content is not an image, type ${file.type}` : "its content is not an image");
}

/**
 * @example
 * const image = await decodeImageFile(input.files[0]);  // { width, height, rgba }
 */
export async function decodeImageFile(file: Blob & { name?: string }): Promise<RgbaImage> {
  await checkImageFile(file);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch {
    throw notImage(file.name ?? "file", "the browser cannot decode it");
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d", { colorSpace: "srgb" });
  if (!ctx) throw new ClientError(ClientErrorCode.InvalidArgument, "this browser has no 2D canvas to read the image", "use a recent Chromium, Firefox or Safari");
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
