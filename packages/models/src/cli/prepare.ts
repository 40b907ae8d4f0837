import { resolve } from "node:path";
import { loadOnnx } from "../onnx/onnx-io";
import type { ModelProto } from "../onnx/proto";
import { assertModelId, modelPath } from "../runtime/model-path";
import { extractShards } from "../shard/extract";
import type { Manifest } from "../shard/manifest";
import { writeShards } from "../shard/manifest";
import { type Balance, planShards } from "../shard/plan";
import { probeBoundaryShapes } from "../shard/probe-shapes";
import { buildHssModels } from "../hss/build-hss-models";
import { writeHssStages } from "../hss/manifest";
import { applyEEStep } from "./ee-step";
import type { Logger } from "./logger";
import { prepareLm } from "../lm/prepare-lm";
import { TINY_LM_DIR, TINY_LM_ID } from "../lm/tiny-lm";

export interface PrepareOptions {
  model: string;
  shards: number;
  out: string;
  balance?: Balance;
  ee?: boolean;
  keyOut?: string;
  /** With ee: also build the HSS-EE share and combine stages of shard 0 (manifest `hss` section). */
  hss?: boolean;
}

/** Load → plan → (EE) → extract → write shards and manifest.json, logging progress at each step. */
export async function prepareModel(options: PrepareOptions, log: Logger): Promise<Manifest> {
  assertModelId(options.model);
  if (options.ee && !options.keyOut) throw new Error("--ee needs --key-out FILE: where to write the EE key the client will hold");
  if (!options.ee && options.keyOut) throw new Error("--key-out is only used with --ee");
  if (options.hss && !options.ee) throw new Error("--hss needs --ee: the shares are of the EE-encrypted input");
  if (options.model === TINY_LM_ID) return prepareGenerator(options, log);
  const balance = options.balance ?? "bytes";
  const path = modelPath(options.model);
  log.info({ step: "load", model: options.model, path }, "loading model");
  let model: ModelProto = loadOnnx(path);
  log.info({ step: "plan", shards: options.shards, balance, nodes: model.graph.node.length }, "planning cut points");
  const plan = planShards(model, options.shards, { balance });
  // PP-OCR declares no intermediate shapes; measure them so the manifest's tensor specs are complete.
  plan.cuts = await probeBoundaryShapes(model, plan.cuts);
  log.info({ step: "plan", cuts: plan.cuts.map((c) => ({ node: c.nodeIndex, tensor: c.tensor.name, shape: c.tensor.shape })), costs: plan.costs }, "cut points chosen");
  let ee: Manifest["ee"];
  if (options.ee && options.keyOut) {
    log.info({ step: "ee", keyOut: options.keyOut }, "applying Equivariant Encryption");
    const result = await applyEEStep(model, plan.cuts.map((c) => c.tensor.name), options.model, resolve(options.keyOut), options.hss ?? false);
    model = result.model;
    ee = result.ee;
  }
  log.info({ step: "extract", shards: options.shards }, "extracting shards");
  const shards = extractShards(model, plan);
  let hss: Manifest["hss"];
  if (options.hss) {
    // The combine stage replaces shard 0; the share stage is shard 0's first linear op alone.
    log.info({ step: "hss" }, "building the HSS-EE share and combine stages of shard 0");
    hss = writeHssStages(buildHssModels(shards[0]), options.out, options.model);
  }
  const manifest = writeShards(shards, options.out, options.model, { ...(ee ? { ee } : {}), ...(hss ? { hss } : {}) });
  for (const s of manifest.shards) {
    log.info({ step: "write", index: s.index, file: s.file, sizeBytes: s.sizeBytes, sha256: s.sha256 }, `wrote shard ${s.index + 1}/${manifest.shards.length}`);
  }
  log.info({ step: "done", out: resolve(options.out, "manifest.json") }, "manifest written");
  return manifest;
}

/** A decoder is cut at block boundaries from its weights (each shard carries its own KV-cache inputs). */
function prepareGenerator(options: PrepareOptions, log: Logger): Manifest {
  if (options.hss) throw new Error("--hss is for models whose first layer is linear in a dense input; a decoder's input is token ids (use --ee)");
  log.info({ step: "load", model: options.model, dir: TINY_LM_DIR, shards: options.shards }, "cutting the decoder at block boundaries");
  const manifest = prepareLm({ modelDir: TINY_LM_DIR, modelId: options.model, shards: options.shards, out: options.out, ...(options.keyOut ? { keyOut: resolve(options.keyOut) } : {}) });
  for (const s of manifest.shards) {
    log.info({ step: "write", index: s.index, file: s.file, blocks: manifest.generator?.blocks[s.index], sizeBytes: s.sizeBytes, sha256: s.sha256 }, `wrote shard ${s.index + 1}/${manifest.shards.length}`);
  }
  log.info({ step: "done", out: resolve(options.out, "manifest.json"), ee: Boolean(manifest.ee) }, "manifest written");
  return manifest;
}
