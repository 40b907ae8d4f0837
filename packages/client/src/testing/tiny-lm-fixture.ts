// Test fixture part: tiny-lm as a localnet serves it — prepared in 2 EE shards with a deterministic key (the
// client keeps it, the chain gets its commitment), imported into the model store, and registered as a
// GENERATOR with per-token prices, its context length and its plain end-of-text id.
import { join } from "node:path";
import type { SigningStargateClient } from "@cosmjs/stargate";
import { BlobDir } from "@nesa/model-store";
import { TINY_LM_DIR, TINY_LM_ID, prepareLm } from "@nesa/models/lm";
import { inferenceState } from "@nesa/proto-types";
import type { LocalnetModel } from "../localnet/localnet-info";

/** The prices the localnet registers tiny-lm with: per seat, and per prompt / generated token (per replica). */
export const TINY_LM_PRICES = { seat: 1000n, input: 1n, output: 4n } as const;

type Manifest = ReturnType<typeof prepareLm>;
const dims = (shape: (number | string)[] | null) => (shape ?? []).map((d) => (typeof d === "number" ? d : -1));
const spec = (t: { name: string; type: string; shape: (number | string)[] | null }) => ({ name: t.name, type: t.type, shape: dims(t.shape) });

/** Prepares tiny-lm under `<home>/models/tiny-lm` (key at `<home>/models/tiny-lm.ee-key.json`) and fills the store. */
export async function prepareTinyLm(home: string, storeDir: string, modelDir = TINY_LM_DIR): Promise<{ files: LocalnetModel; manifest: Manifest }> {
  const out = join(home, "models", TINY_LM_ID);
  const eeKeyFile = join(home, "models", `${TINY_LM_ID}.ee-key.json`);
  const manifest = prepareLm({ modelDir, modelId: TINY_LM_ID, shards: 2, out, keyOut: eeKeyFile, keySeed: "nesa-client-e2e" });
  const manifestFile = join(out, "manifest.json");
  await new BlobDir(storeDir).importManifest(manifestFile);
  return { files: { manifest: manifestFile, eeKeyFile }, manifest };
}

/** MsgRegisterModel of a prepared generator. */
export function generatorRegisterMsg(owner: string, manifest: Manifest) {
  if (!manifest.ee || !manifest.generator) throw new Error("tiny-lm manifest without ee or generator section");
  const unes = (n: bigint) => ({ denom: "unes", amount: n.toString() });
  return {
    typeUrl: "/nesa.inference.v1.MsgRegisterModel",
    value: {
      owner, modelId: TINY_LM_ID, name: "tiny-lm (EE)", version: "1",
      shards: manifest.shards.map((s) => ({ index: s.index, sha256: Buffer.from(s.sha256, "hex"), sizeBytes: BigInt(s.sizeBytes), inputs: s.inputs.map(spec), outputs: s.outputs.map(spec) })),
      ee: { scheme: manifest.ee.scheme, keyCommitment: Buffer.from(manifest.ee.keyCommitment, "hex") },
      price: unes(TINY_LM_PRICES.seat),
      minReplicas: 1,
      kind: inferenceState.ModelKind.MODEL_KIND_GENERATOR,
      tokenPrice: { inputPrice: unes(TINY_LM_PRICES.input), outputPrice: unes(TINY_LM_PRICES.output) },
      contextLength: manifest.generator.contextLength,
      eosTokenId: manifest.generator.eosTokenId,
    },
  };
}

export async function registerTinyLm(client: SigningStargateClient, owner: string, manifest: Manifest): Promise<void> {
  const res = await client.signAndBroadcast(owner, [generatorRegisterMsg(owner, manifest)], { amount: [{ denom: "unes", amount: "20000" }], gas: "800000" });
  if (res.code !== 0) throw new Error(`MsgRegisterModel tiny-lm failed: ${res.rawLog}`);
}
