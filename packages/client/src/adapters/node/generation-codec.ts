// NODE-ONLY ADAPTER: the GenerationCodec of a decoder model on @nesa/models/lm — the model's public tokenizer
// (BpeTokenizer, byte-level BPE from tokenizer.json) and the client's vocabulary permutation (LmCipher of its
// LmEEKey, scheme nesa-ee-lm-v1). Found from a localnet home through the model's manifest: its `generator`
// section names the tokenizer file beside it (models/<id>/tokenizer.json) and its end-of-text id.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { BpeTokenizer, LmCipher, type LmEEKey, validateLmEEKey } from "@nesa/models/lm";
import { ClientError, ClientErrorCode } from "../../errors/nesa-error";
import type { GenerationCodec } from "../../generate/generation-codec";
import type { ExposureReport } from "../../infer/model-codec";

const EOT = "<|endoftext|>";

/** EE on a decoder whose plaintext weights are public (as tiny-lm's are, in the repository). */
const exposure = (modelId: string): ExposureReport => ({
  rawInputToMiner: false,
  level: "warn",
  message: `EE on ${modelId}: the plaintext weights are public, and the miner of shard 0 recovers the whole vocabulary permutation by matching its encrypted embeddings against them, hence the prompt and the text (docs/security.md §7)`,
});

/**
 * @example
 * const codec = createNodeGenerationCodec("tiny-lm", key, BpeTokenizer.fromFile("models/tiny-lm/tokenizer.json"));
 */
export function createNodeGenerationCodec(modelId: string, key: LmEEKey, tokenizer: BpeTokenizer): GenerationCodec {
  validateLmEEKey(key);
  if (key.modelId !== modelId) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `the EE key is for model "${key.modelId}", not "${modelId}"`, "pass the key file written for this model by `nesa-models prepare --ee`");
  }
  if (key.vocabSize !== tokenizer.vocabSize) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `the EE key of ${modelId} permutes ${key.vocabSize} ids, the tokenizer has ${tokenizer.vocabSize}`, "the key and tokenizer.json must come from the same `nesa-models prepare` run");
  }
  const cipher = new LmCipher(key);
  const eos = tokenizer.specialId(EOT);
  return {
    modelId,
    bosId: eos,
    eosId: eos,
    encode: (text) => tokenizer.encode(text),
    decodeBytes: (ids) => tokenizer.decodeBytes(ids),
    encryptIds: (ids) => cipher.encryptIds(ids),
    decryptIds: (ids) => cipher.decryptIds(ids),
    exposure: () => exposure(modelId),
  };
}

interface GeneratorManifest {
  model?: string;
  generator?: { tokenizer?: string; eosTokenId?: number; vocabSize?: number };
}

async function readJson<T>(path: string, what: string, hint: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `cannot read the ${what} ${path}`, hint, err);
  }
}

/**
 * The codec of a generator from its prepared files: manifest.json (its `generator` section names the tokenizer)
 * and the LmEEKey file, as `nesa-models prepare --model tiny-lm --ee --key-out` writes them.
 *
 * @example
 * const codec = await loadNodeGenerationCodec("tiny-lm", info.models["tiny-lm"]); // {manifest, eeKeyFile}
 */
export async function loadNodeGenerationCodec(modelId: string, files: { readonly manifest: string; readonly eeKeyFile: string }): Promise<GenerationCodec> {
  const manifest = await readJson<GeneratorManifest>(files.manifest, "model manifest", "check localnet.json's models.<id>.manifest or pass the right --home");
  if (!manifest.generator?.tokenizer) {
    throw new ClientError(ClientErrorCode.UnknownModel, `model "${modelId}" is not a generator (its manifest has no generator section)`, "use `nesa infer` for classifiers");
  }
  const key = await readJson<LmEEKey>(files.eeKeyFile, "EE key file", "check localnet.json's models.<id>.eeKeyFile or pass the right --home");
  try {
    validateLmEEKey(key);
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `${files.eeKeyFile} is not a decoder's EE key (nesa-ee-lm-v1)`, (err as Error).message, err);
  }
  const t = manifest.generator.tokenizer;
  const tokenizerFile = isAbsolute(t) ? t : join(dirname(files.manifest), t);
  let tokenizer: BpeTokenizer;
  try {
    tokenizer = BpeTokenizer.fromFile(tokenizerFile);
  } catch (err) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `cannot load the tokenizer of ${modelId} from ${tokenizerFile}`, (err as Error).message, err);
  }
  const codec = createNodeGenerationCodec(modelId, key, tokenizer);
  if (manifest.generator.eosTokenId !== undefined && manifest.generator.eosTokenId !== codec.eosId) {
    throw new ClientError(ClientErrorCode.InvalidArgument, `${tokenizerFile} ends texts with id ${codec.eosId}, the manifest says ${manifest.generator.eosTokenId}`, "re-run `nesa-models prepare`");
  }
  return codec;
}
