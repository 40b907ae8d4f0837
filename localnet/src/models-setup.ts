// The localnet's models: prepared once with a fresh EE key (`nesa-models prepare --ee --key-out`, plus the HSS-EE
// stages for the classifiers), imported into the model store's blob directory (shards and HSS stages alike), and
// registered on chain by a genesis account — the classifiers with their hss section, the generator tiny-lm as
// MODEL_KIND_GENERATOR with per-token prices, its context length and its plain end-of-text id. A model missing
// from an older home (prepared before it existed) is prepared and registered at the next start.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Signer, NesaQueries } from "./chain-client";
import { CLI, type Layout, REPO_ROOT } from "./layout";
import type { LocalnetModel } from "./localnet-info";
import { runCli } from "./run-cli";
import { BlobDir } from "../../packages/model-store/src/blob-dir";
import { OCR_DET_PATH } from "../../packages/models/src/ocr/assets";
import { inferenceState } from "../../packages/proto-types/src/index";

/**
 * What the localnet serves: the OCR recognizer cut in two shards, lande (small enough for one), tiny-lm in two, and
 * the OCR detector in two (prepared from its ONNX file like an owner's model; `nesa infer --model ocr` chains it
 * with ocr-rec).
 */
export const LOCALNET_MODELS = [
  { id: "ocr-rec", name: "PP-OCRv4 text-line recognizer (EE)", shards: 2, kind: "classifier" },
  { id: "lande", name: "lande language identifier (EE)", shards: 1, kind: "classifier" },
  { id: "tiny-lm", name: "tiny-lm Moby-Dick text generator (EE)", shards: 2, kind: "generator" },
  // A third real model through the owners' generic path (`prepare --onnx`): the PP-OCRv4 DBNet text detector.
  { id: "ocr-det", name: "PP-OCRv4 text detector, DBNet (EE)", shards: 2, kind: "onnx" },
] as const;

/** Per seat for every model; a generator's tokens are priced per replica pipeline on top (x/payforquery README). */
export const SEAT_PRICE = "1000";
export const TOKEN_PRICE = { input: "1", output: "4" } as const;

/** The committed decoder `nesa-models prepare --model tiny-lm` cuts (packages/models/assets/tiny-lm). */
const TINY_LM_ONNX = join(REPO_ROOT, "packages/models/assets/tiny-lm/model.onnx");

type TensorJson = { name: string; type: string; shape: (number | string)[] | null };
type ManifestJson = {
  model: string;
  shards: { index: number; file: string; sha256: string; sizeBytes: number; inputs: TensorJson[]; outputs: TensorJson[] }[];
  ee?: { scheme: string; keyCommitment: string };
  hss?: { share: StageJson; combine: StageJson };
  generator?: { contextLength: number; eosTokenId: number; tokenizer: string };
};
type StageJson = { sha256: string; sizeBytes: number; inputs: TensorJson[]; outputs: TensorJson[] };

export async function prepareModels(L: Layout, say: (m: string) => void): Promise<Record<string, LocalnetModel>> {
  const out: Record<string, LocalnetModel> = {};
  await Promise.all(LOCALNET_MODELS.map(async (m) => {
    const dir = L.modelDir(m.id);
    const manifest = join(dir, "manifest.json");
    // A home prepared before HSS existed keeps its models as registered (re-preparing would change the shards
    // the chain knows); its models have no HSS stages, and the client says so. A fresh home gets them.
    if (existsSync(manifest) && existsSync(L.eeKey(m.id))) {
      say(`model ${m.id}: already prepared (${manifest})`);
    } else if (m.kind === "generator" && !existsSync(TINY_LM_ONNX)) {
      say(`model ${m.id}: skipped, ${TINY_LM_ONNX} is not there (train it with \`pnpm nesa-models train-lm\`); the next start adds it`);
      return;
    } else if (m.kind === "onnx") {
      say(`model ${m.id}: preparing ${m.shards} EE shard(s) and the HSS-EE stages from ${OCR_DET_PATH} (prepare --onnx) ...`);
      await runCli(L, `prepare-${m.id}`, CLI.models, ["prepare", "--onnx", OCR_DET_PATH, "--id", m.id, "--name", m.name, "--shards", String(m.shards), "--out", dir, "--ee", "--hss", "--key-out", L.eeKey(m.id)]);
    } else {
      const hss = m.kind === "classifier" ? ["--hss"] : [];
      say(`model ${m.id}: preparing ${m.shards} EE shard(s)${hss.length ? " and the HSS-EE stages" : ""} with a fresh key ...`);
      await runCli(L, `prepare-${m.id}`, CLI.models, ["prepare", "--model", m.id, "--shards", String(m.shards), "--out", dir, "--ee", ...hss, "--key-out", L.eeKey(m.id)]);
    }
    // What `nesa-model-store import-manifest` does, without one more process start-up: each file checked against its sha256.
    await new BlobDir(L.store).importManifest(manifest);
    out[m.id] = { manifest, eeKeyFile: L.eeKey(m.id), shards: m.shards };
  }));
  return out;
}

const dims = (shape: (number | string)[] | null) => (shape ?? []).map((d) => (typeof d === "number" ? d : -1));
const spec = (t: TensorJson) => ({ name: t.name, type: t.type, shape: dims(t.shape) });
const stage = (s: StageJson) => ({ index: 0, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) });
const unes = (amount: string) => ({ denom: "unes", amount });

/** The generator fields of MsgRegisterModel, from the manifest's generator section (the chain's context_length bounds every query). */
export function generatorFields(manifest: ManifestJson, file: string) {
  if (!manifest.generator) throw new Error(`${file} has no generator section: delete ${join(file, "..")} and start again`);
  return {
    kind: inferenceState.ModelKind.MODEL_KIND_GENERATOR,
    tokenPrice: { inputPrice: unes(TOKEN_PRICE.input), outputPrice: unes(TOKEN_PRICE.output) },
    contextLength: manifest.generator.contextLength,
    eosTokenId: manifest.generator.eosTokenId,
  };
}

/** Registers every prepared model not yet on chain; returns the ids registered now. */
export async function registerModels(owner: Signer, q: NesaQueries, models: Record<string, LocalnetModel>, say: (m: string) => void): Promise<string[]> {
  const done: string[] = [];
  for (const m of LOCALNET_MODELS) {
    if (!models[m.id]) continue;
    const known = await q.inference.model(m.id).then(
      () => true,
      () => false,
    );
    if (known) {
      say(`model ${m.id}: already registered on chain`);
      continue;
    }
    const file = models[m.id].manifest;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as ManifestJson;
    if (!manifest.ee) throw new Error(`${file} has no ee section: delete ${join(file, "..")} and start again`);
    const res = await owner.client.signAndBroadcast(
      owner.address,
      [
        {
          typeUrl: "/nesa.inference.v1.MsgRegisterModel",
          value: {
            owner: owner.address,
            modelId: m.id,
            name: m.name,
            version: "1",
            shards: manifest.shards.map((s) => ({ index: s.index, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) })),
            ee: { scheme: manifest.ee.scheme, keyCommitment: Buffer.from(manifest.ee.keyCommitment, "hex") },
            price: unes(SEAT_PRICE),
            minReplicas: 1,
            hss: manifest.hss ? { share: stage(manifest.hss.share), combine: stage(manifest.hss.combine) } : undefined,
            ...(m.kind === "generator" ? generatorFields(manifest, file) : {}),
          },
        },
      ],
      "auto",
    );
    if (res.code !== 0) throw new Error(`MsgRegisterModel ${m.id} failed (code ${res.code}): ${res.rawLog}`);
    say(`model ${m.id}: registered on chain at height ${res.height}${m.kind === "generator" ? ` (generator, ${TOKEN_PRICE.input}/${TOKEN_PRICE.output} unes per input/output token)` : ""}`);
    done.push(m.id);
  }
  return done;
}
