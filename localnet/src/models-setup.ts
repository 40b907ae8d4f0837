// The localnet's models: prepared once with a fresh EE key and their HSS-EE stages (`nesa-models prepare --ee
// --hss --key-out`), imported into the model store's blob directory (shards and HSS stages alike), and registered
// on chain by a genesis account (MsgRegisterModel with the optional hss section, so HSS-EE queries are accepted).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Signer, NesaQueries } from "./chain-client";
import { CLI, type Layout } from "./layout";
import type { LocalnetModel } from "./localnet-info";
import { runCli } from "./run-cli";
import { BlobDir } from "../../packages/model-store/src/blob-dir";

/** What the localnet serves: the OCR recognizer cut in two shards, and lande (small enough for one). */
export const LOCALNET_MODELS = [
  { id: "ocr-rec", name: "PP-OCRv4 text-line recognizer (EE)", shards: 2 },
  { id: "lande", name: "lande language identifier (EE)", shards: 1 },
] as const;

type TensorJson = { name: string; type: string; shape: (number | string)[] | null };
type ManifestJson = {
  model: string;
  shards: { index: number; file: string; sha256: string; sizeBytes: number; inputs: TensorJson[]; outputs: TensorJson[] }[];
  ee?: { scheme: string; keyCommitment: string };
  hss?: { share: StageJson; combine: StageJson };
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
    } else {
      say(`model ${m.id}: preparing ${m.shards} EE shard(s) and the HSS-EE stages with a fresh key ...`);
      await runCli(L, `prepare-${m.id}`, CLI.models, ["prepare", "--model", m.id, "--shards", String(m.shards), "--out", dir, "--ee", "--hss", "--key-out", L.eeKey(m.id)]);
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

/** Registers every model not yet on chain; returns the ids registered now. */
export async function registerModels(owner: Signer, q: NesaQueries, models: Record<string, LocalnetModel>, say: (m: string) => void): Promise<string[]> {
  const done: string[] = [];
  for (const m of LOCALNET_MODELS) {
    const known = await q.inference.model(m.id).then(
      () => true,
      () => false,
    );
    if (known) {
      say(`model ${m.id}: already registered on chain`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(models[m.id].manifest, "utf8")) as ManifestJson;
    if (!manifest.ee) throw new Error(`${models[m.id].manifest} has no ee section: delete ${join(models[m.id].manifest, "..")} and start again`);
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
            price: { denom: "unes", amount: "1000" },
            minReplicas: 1,
            hss: manifest.hss ? { share: stage(manifest.hss.share), combine: stage(manifest.hss.combine) } : undefined,
          },
        },
      ],
      "auto",
    );
    if (res.code !== 0) throw new Error(`MsgRegisterModel ${m.id} failed (code ${res.code}): ${res.rawLog}`);
    say(`model ${m.id}: registered on chain at height ${res.height}`);
    done.push(m.id);
  }
  return done;
}
