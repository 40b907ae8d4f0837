import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveOnnx } from "../onnx/onnx-io";
import type { ModelProto } from "../onnx/proto";
import { type TensorSpec, tensorSpec } from "../shard/manifest";
import type { HssModels } from "./build-hss-models";
import { DEFAULT_SHARE_SCALE } from "./split-shares";

export interface HssStageEntry {
  file: string;
  sha256: string;
  sizeBytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** The optional `hss` section of manifest.json (README: "Equivariant Encryption and HSS-EE"). */
export interface HssManifestSection {
  scheme: "additive-2-uniform";
  /** Half-width R of the uniform mask the client draws (splitShares' `scale`). */
  maskScale: number;
  /** Index of the shard the combine stage replaces (always 0: HSS splits the model's first linear op). */
  replacesShard: 0;
  /** The op that was split, e.g. `Conv node "p2o.Conv.0"`. */
  splitOp: string;
  /** Run by two different miners, one share each. */
  share: HssStageEntry;
  /** Takes both share-stage outputs (inputs[0] ← share 0's output, inputs[1] ← share 1's); outputs what shard 0 would. */
  combine: HssStageEntry;
  /** Max relative deviation from the non-HSS pipeline the client should accept. */
  tolerance: { relative: number };
}

function write(model: ModelProto, dir: string, file: string): HssStageEntry {
  const bytes = saveOnnx(model);
  writeFileSync(join(dir, file), bytes);
  return {
    file,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    sizeBytes: bytes.length,
    inputs: model.graph.input.map(tensorSpec),
    outputs: model.graph.output.map(tensorSpec),
  };
}

/**
 * Writes DIR/<modelId>.hss-share.onnx and DIR/<modelId>.hss-combine.onnx and returns the manifest's `hss` section
 * (merge it into manifest.json next to `shards` and `ee`).
 */
export function writeHssStages(hss: HssModels, dir: string, modelId: string, maskScale = DEFAULT_SHARE_SCALE): HssManifestSection {
  mkdirSync(dir, { recursive: true });
  return {
    scheme: "additive-2-uniform",
    maskScale,
    replacesShard: 0,
    splitOp: hss.layout.splitOp,
    share: write(hss.share, dir, `${modelId}.hss-share.onnx`),
    combine: write(hss.combine, dir, `${modelId}.hss-combine.onnx`),
    tolerance: { relative: 1e-4 },
  };
}
