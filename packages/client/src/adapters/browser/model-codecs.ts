// BROWSER ADAPTER: the ModelCodec of the network's classifiers (lande, ocr-rec) for a page, on the same
// @nesa/models functions the Node adapter uses (EE permutations, HSS shares, lande features, OCR preprocessing
// and CTC decoding). The one difference is the OCR input: decoded pixels (see image-input.ts), not a file path.
// A bundler must substitute the two @nesa/models files that read package data with node:fs (lande's n-grams,
// the OCR dictionary): browser-substitutes.ts lists them, and the playground's Vite plugin applies it.
import { type EEKey, type RgbaImage, ctcDecode, decodeLande, eeDecrypt, eeEncrypt, landeBatch, ocrPreprocess, privacyExposure, splitShares, validateEEKey } from "@nesa/models";
import type { Tensor } from "@nesa/crypto";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { ModelCodec, PrivacyMode } from "../../infer/model-codec";

type FloatTensor = { data: Float32Array; dims: number[] };

/** lande takes text; ocr-rec takes decoded RGBA pixels. */
export type BrowserModelInput = string | RgbaImage;

/** The models this adapter can encode for. */
export const BROWSER_MODELS = ["lande", "ocr-rec"] as const;

const toFloat = (t: Tensor, what: string): FloatTensor => {
  if (t.dtype !== "float32") throw new ClientError(ClientErrorCode.InvalidArgument, `${what}: expected a float32 tensor, got ${t.dtype}`);
  return { data: t.data as Float32Array, dims: [...t.dims] };
};
const fromFloat = (t: FloatTensor): Tensor => ({ dtype: "float32", dims: [...t.dims], data: t.data });

const isImage = (x: unknown): x is RgbaImage => typeof x === "object" && x !== null && (x as RgbaImage).rgba instanceof Uint8Array;

/**
 * @example
 * const codec = createBrowserModelCodec("ocr-rec", await (await fetch("/api/ee-key/ocr-rec")).json());
 * const result = await client.infer({ model: "ocr-rec", input: await decodeImageFile(file), privacy: "hss-ee" });
 */
export function createBrowserModelCodec(modelId: string, eeKey: EEKey): ModelCodec<BrowserModelInput, string> {
  if (!(BROWSER_MODELS as readonly string[]).includes(modelId)) {
    throw new ClientError(ClientErrorCode.UnknownModel, `no input/output codec for model "${modelId}" in the browser`, `this page knows ${BROWSER_MODELS.join(" and ")}`);
  }
  const key = validateEEKey(eeKey);
  if (key.modelId !== modelId) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `the EE key is for model "${key.modelId}", not "${modelId}"`, "load the key written for this model by `nesa-models prepare --ee`");
  }
  const shared = {
    modelId,
    encrypt: (t: Tensor) => fromFloat(eeEncrypt(modelId, key, toFloat(t, "encrypt input"))),
    decrypt: (t: Tensor) => fromFloat(eeDecrypt(modelId, key, toFloat(t, "decrypt output"))),
    exposure: (mode: PrivacyMode) => privacyExposure(modelId, mode === "ee" ? "EE" : "HSS_EE"),
    splitShares: (t: Tensor): [Tensor, Tensor] => {
      const [a, b] = splitShares(toFloat(t, "split input"));
      return [fromFloat(a), fromFloat(b)];
    },
  };
  if (modelId === "lande") {
    return {
      ...shared,
      prepare: (input) => {
        if (typeof input !== "string" || input.trim() === "") throw new ClientError(ClientErrorCode.InvalidArgument, "lande needs a non-empty text", "type a sentence in the Text box");
        return fromFloat(landeBatch([input]));
      },
      decode: (t) => decodeLande(toFloat(t, "lande output")).language,
    };
  }
  return {
    ...shared,
    prepare: (input) => {
      if (!isImage(input)) throw new ClientError(ClientErrorCode.InvalidArgument, "ocr-rec needs an image", "choose a PNG or JPEG of one text line in the Image field");
      return fromFloat(ocrPreprocess(input));
    },
    decode: (t) => ctcDecode(toFloat(t, "ocr output")),
  };
}
