// NODE-ONLY ADAPTER: the generic ModelCodec for any classifier-style model (`nesa infer --model ID --tensor FILE`):
// the input is a tensor as given, the output the decrypted tensor. The named codecs (lande, ocr-rec) are plug-ins
// over the same ModelCodec interface that add their own prepare/decode around the same EE transform.
import type { Tensor } from "@nesa/crypto";
import { type EEKey, eeDecrypt, eeEncrypt, privacyExposure, splitShares, validateEEKey } from "@nesa/models";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { ModelCodec, PrivacyMode } from "../../infer/model-codec";

const toFloat = (t: Tensor, what: string) => {
  if (t.dtype !== "float32") throw new ClientError(ClientErrorCode.InvalidArgument, `${what}: the network carries float32 tensors, got ${t.dtype}`, "convert the input: numpy x.astype(numpy.float32)");
  return { data: t.data as Float32Array, dims: [...t.dims] };
};
const fromFloat = (t: { data: Float32Array; dims: number[] }): Tensor => ({ dtype: "float32", dims: [...t.dims], data: t.data });

/**
 * A ModelCodec that passes tensors through: prepare checks the tensor, decode returns the decrypted output.
 *
 * @example
 * const codec = createTensorCodec("my-net", JSON.parse(await readFile("my-net.ee-key.json", "utf8")));
 * const r = await client.infer<Tensor, Tensor>({ model: "my-net", input: await readTensorFile("x.npy"), privacy: "hss-ee" });
 */
export function createTensorCodec(modelId: string, eeKey: EEKey): ModelCodec<Tensor, Tensor> {
  const key = validateEEKey(eeKey);
  if (key.modelId !== modelId) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `the EE key is for model "${key.modelId}", not "${modelId}"`, "pass the key file `nesa-models prepare --ee` wrote for this model (--key FILE)");
  }
  return {
    modelId,
    prepare: (input) => {
      if (!input || typeof input !== "object" || !("dims" in input)) throw new ClientError(ClientErrorCode.InvalidArgument, `${modelId} takes a tensor`, "pass --tensor FILE.npy or FILE.json");
      return fromFloat(toFloat(input, "input"));
    },
    encrypt: (t) => fromFloat(eeEncrypt(modelId, key, toFloat(t, "encrypt input"))),
    decrypt: (t) => fromFloat(eeDecrypt(modelId, key, toFloat(t, "decrypt output"))),
    decode: (t) => t,
    exposure: (mode: PrivacyMode) => privacyExposure(modelId, mode === "ee" ? "EE" : "HSS_EE", key.inputPerm ? { inputFeatures: key.inputPerm.length } : {}),
    splitShares: (t) => {
      const [a, b] = splitShares(toFloat(t, "split input"));
      return [fromFloat(a), fromFloat(b)];
    },
  };
}
