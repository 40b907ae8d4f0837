// NODE-ONLY ADAPTER: ModelCodec implementations on @nesa/models, which needs node:crypto (EE keys, share masks)
// and pulls onnxruntime through its package entry; and the registry that finds a model's key (and, for a
// generator, its tokenizer) from its files. Browser builds must not import this file.
import { readFile } from "node:fs/promises";
import type { Tensor } from "@nesa/crypto";
import { type EEKey, ctcDecode, decodeLande, eeDecrypt, eeEncrypt, landeBatch, ocrPreprocess, privacyExposure, readPng, splitShares, validateEEKey } from "@nesa/models";
import { isLmEEKey } from "@nesa/models/lm";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { GenerationCodec } from "../../generate/generation-codec";
import { loadNodeGenerationCodec } from "./generation-codec";
import type { ModelCodec, PrivacyMode } from "../../infer/model-codec";

type FloatTensor = { data: Float32Array; dims: number[] };

const toFloat = (t: Tensor, what: string): FloatTensor => {
  if (t.dtype !== "float32") throw new ClientError(ClientErrorCode.InvalidArgument, `${what}: expected a float32 tensor, got ${t.dtype}`);
  return { data: t.data as Float32Array, dims: [...t.dims] };
};
const fromFloat = (t: FloatTensor): Tensor => ({ dtype: "float32", dims: [...t.dims], data: t.data });

/** lande takes text; ocr-rec takes a PNG (path or RGBA image). */
export type NodeModelInput = string | { readonly png: string };

function base(modelId: string, key: EEKey) {
  return {
    modelId,
    encrypt: (t: Tensor) => fromFloat(eeEncrypt(modelId, key, toFloat(t, "encrypt input"))),
    decrypt: (t: Tensor) => fromFloat(eeDecrypt(modelId, key, toFloat(t, "decrypt output"))),
    exposure: (mode: PrivacyMode) => privacyExposure(modelId, mode === "ee" ? "EE" : "HSS_EE"),
    splitShares: (t: Tensor): [Tensor, Tensor] => {
      const [a, b] = splitShares(toFloat(t, "split input"));
      return [fromFloat(a), fromFloat(b)];
    },
  };
}

/**
 * A ModelCodec for one of the network's models, with the client's EE key.
 *
 * @example
 * const codec = createNodeModelCodec("lande", JSON.parse(await readFile("lande.key.json", "utf8")));
 * codec.decode(codec.decrypt(output)); // → "fra"
 */
export function createNodeModelCodec(modelId: string, eeKey: EEKey): ModelCodec<NodeModelInput, string> {
  if (!["lande", "ocr-rec", "ocr"].includes(modelId)) {
    throw new ClientError(ClientErrorCode.UnknownModel, `no input/output codec for model "${modelId}"`, "this SDK knows lande and ocr-rec; supply your own ModelCodec for other models");
  }
  const key = validateEEKey(eeKey);
  if (key.modelId !== modelId && !(modelId.startsWith("ocr") && key.modelId.startsWith("ocr"))) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `the EE key is for model "${key.modelId}", not "${modelId}"`, "pass the key file written for this model by `nesa-models prepare --ee`");
  }
  if (modelId === "lande") {
    return {
      ...base(modelId, key),
      prepare: (input) => {
        if (typeof input !== "string" || input.trim() === "") throw new ClientError(ClientErrorCode.InvalidArgument, "lande needs a non-empty text input", "pass --text \"…\"");
        return fromFloat(landeBatch([input]));
      },
      decode: (t) => decodeLande(toFloat(t, "lande output")).language,
    };
  }
  return {
      ...base(modelId, key),
      prepare: (input) => {
        if (typeof input !== "object" || typeof input.png !== "string") throw new ClientError(ClientErrorCode.InvalidArgument, "ocr-rec needs a PNG image", "pass --image line.png");
        return fromFloat(ocrPreprocess(readPng(input.png)));
      },
      decode: (t) => ctcDecode(toFloat(t, "ocr output")),
    };
}

async function readKeyJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `cannot read the EE key file ${path}`, "check localnet.json's models.<id>.eeKeyFile or pass the right --home", err);
  }
  return JSON.parse(text);
}

/** Reads a classifier's EE key file (JSON EEKey, as `nesa-models prepare --ee --key-out` writes it). */
export async function readEEKeyFile(path: string): Promise<EEKey> {
  const key = await readKeyJson(path);
  if (isLmEEKey(key)) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `${path} is the EE key of a generator (${key.modelId})`, `generators run through generate: \`nesa generate --model ${key.modelId} --prompt "…"\``);
  }
  return validateEEKey(key as EEKey);
}

/** What the client holds for one model: a classifier's EE key, or a generator's codec (its key and tokenizer). */
export type NodeModelKeys = { readonly kind: "classifier"; readonly key: EEKey } | { readonly kind: "generator"; readonly codec: GenerationCodec };

/**
 * Finds what the client needs for a model from its files (localnet.json's models.<id>: the manifest and the EE
 * key, `DIR/models/<id>.ee-key.json`): the key's scheme says which kind; a generator's tokenizer is the one its
 * manifest names (`DIR/models/<id>/tokenizer.json`).
 *
 * @example
 * const m = await readModelKeys("tiny-lm", info.models["tiny-lm"]);
 * if (m.kind === "generator") client = await NesaClient.connectWithSigner(rpc, wallet, { dataPlane, generators: { "tiny-lm": m.codec } });
 */
export async function readModelKeys(modelId: string, files: { readonly manifest: string; readonly eeKeyFile: string }): Promise<NodeModelKeys> {
  const key = await readKeyJson(files.eeKeyFile);
  if (isLmEEKey(key)) return { kind: "generator", codec: await loadNodeGenerationCodec(modelId, files) };
  return { kind: "classifier", key: validateEEKey(key as EEKey) };
}
