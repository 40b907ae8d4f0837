// Test fixture: the real lande model cut into shards by @nesa/models, imported into a model store directory.
import { BlobDir } from "@nesa/model-store";
import { type Manifest, buildLandeModel, extractShards, planShards, saveOnnx, writeShards } from "@nesa/models";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ShardSpec } from "../pipeline/assignment-source";

export type LandeFixture = { manifest: Manifest; shards: ShardSpec[]; storeDir: string; fullModelPath: string };

export async function prepareLandeFixture(dir: string, shardCount = 2): Promise<LandeFixture> {
  const model = buildLandeModel();
  const fullModelPath = join(dir, "lande.onnx");
  await writeFile(fullModelPath, saveOnnx(model));
  const prepared = join(dir, "prepared");
  const manifest = writeShards(extractShards(model, planShards(model, shardCount)), prepared, "lande");
  const storeDir = join(dir, "store");
  await new BlobDir(storeDir).importManifest(join(prepared, "manifest.json"));
  const shards = manifest.shards.map((s) => ({ index: s.index, sha256: s.sha256, sizeBytes: s.sizeBytes }));
  return { manifest, shards, storeDir, fullModelPath };
}
