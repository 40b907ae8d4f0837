// NODE-ONLY ADAPTER: the OCR page pipeline as plug-ins over ModelCodec. `ocr-det` (the PP-OCRv4 DBNet detector,
// prepared by the generic `prepare --onnx` path) takes a PNG and decodes its probability map into text boxes;
// the lines codec sends every cropped line of a page to `ocr-rec` as one batch; readPage chains the two queries.
import type { Tensor } from "@nesa/crypto";
import { type DetGeometry, type EEKey, type RgbaImage, type TextBox, cropBox, ctcDecodeBatch, detPostprocess, detPreprocess, ocrPreprocessBatch, readPng } from "@nesa/models";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { InferParameters, InferReturnType } from "../../infer/infer";
import type { ModelCodec } from "../../infer/model-codec";
import { createNodeModelCodec } from "./model-codecs";
import { createTensorCodec } from "./tensor-codec";

/** A page: a PNG file or decoded RGBA pixels. */
export type PageInput = { readonly png: string } | RgbaImage;

const toImage = (input: PageInput, model: string): RgbaImage => {
  if (input && typeof input === "object" && "png" in input && typeof input.png === "string") return readPng(input.png);
  if (input && typeof input === "object" && "rgba" in input) return input;
  throw new ClientError(ClientErrorCode.InvalidArgument, `${model} needs a PNG image`, "pass --image page.png");
};
const float = (t: Tensor) => ({ data: t.data as Float32Array, dims: [...t.dims] });

/**
 * The detector's codec: PNG → [1, 3, H, W] (sides multiples of 32); decrypted map → boxes in the image's pixels.
 * The boxes need the last prepared image's geometry, so use one codec per query at a time (as `nesa infer` does).
 * @example
 * const codec = createOcrDetCodec(detKey);
 * const r = await client.infer<PageInput, TextBox[]>({ model: "ocr-det", input: { png: "page.png" }, privacy: "hss-ee" });
 */
export function createOcrDetCodec(eeKey: EEKey, modelId = "ocr-det"): ModelCodec<PageInput, TextBox[]> {
  const base = createTensorCodec(modelId, eeKey);
  let geometry: DetGeometry | undefined;
  return {
    ...base,
    prepare: (input) => {
      const r = detPreprocess(toImage(input, modelId));
      geometry = r.geometry;
      return { dtype: "float32", dims: r.tensor.dims, data: r.tensor.data };
    },
    decode: (t) => {
      if (!geometry) throw new ClientError(ClientErrorCode.InvalidArgument, "ocr-det: decode before prepare", "call prepare(image) for the query first");
      return detPostprocess(float(t), geometry);
    },
  };
}

/** The recognizer's codec for a batch of line images (one query reads a whole page); lines come back trimmed. */
export function createOcrLinesCodec(eeKey: EEKey): ModelCodec<RgbaImage[], string[]> {
  const base = createNodeModelCodec("ocr-rec", eeKey);
  return {
    ...base,
    prepare: (lines) => {
      if (!Array.isArray(lines) || lines.length === 0) throw new ClientError(ClientErrorCode.InvalidArgument, "ocr-rec lines: no text line to read", "the detector found no box; check the image has dark text on a light background");
      const t = ocrPreprocessBatch(lines);
      return { dtype: "float32", dims: t.dims, data: t.data };
    },
    decode: (t) => ctcDecodeBatch(float(t)).map((s) => s.trim()),
  };
}

type Infer = <I, O>(p: InferParameters<I>) => Promise<InferReturnType<O>>;
export type ReadPageParameters = Omit<InferParameters<PageInput>, "model" | "input"> & { readonly detModel?: string; readonly recModel?: string };
export interface ReadPageResult {
  readonly boxes: TextBox[];
  readonly lines: string[];
  readonly detect: InferReturnType<TextBox[]>;
  readonly recognize?: InferReturnType<string[]>;
}

/**
 * `nesa infer --model ocr`: two verified queries — the detector finds the text boxes, each box is cropped to a
 * line, and the recognizer reads all lines in one batch. The client must hold codecs for both models.
 * @example const { lines } = await readPage((p) => client.infer(p), { png: "page.png" }, { privacy: "hss-ee" });
 */
export async function readPage(infer: Infer, page: PageInput, p: ReadPageParameters = {}): Promise<ReadPageResult> {
  const image = toImage(page, p.detModel ?? "ocr-det");
  const detect = await infer<PageInput, TextBox[]>({ ...p, model: p.detModel ?? "ocr-det", input: image });
  const boxes = detect.output;
  if (boxes.length === 0) return { boxes, lines: [], detect };
  const recognize = await infer<RgbaImage[], string[]>({ ...p, model: p.recModel ?? "ocr-rec", input: boxes.map((b) => cropBox(image, b)) });
  return { boxes, lines: recognize.output, detect, recognize };
}

