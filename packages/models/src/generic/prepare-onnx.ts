import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Tensor } from "onnxruntime-node";
import type { Logger } from "../cli/logger";
import { checkEECuts, type EECutCheck } from "../ee/apply-ee";
import { applyEE } from "../ee/apply-ee";
import { findFirstLinear } from "../ee/first-linear";
import { type EEKey, eeKeyCommitment, generateEEKey } from "../ee/key";
import { isBuiltInEEModel } from "../ee/models";
import { viewGraph } from "../ee/onnx-graph";
import { buildHssModels } from "../hss/build-hss-models";
import { writeHssStages } from "../hss/manifest";
import { realInputs } from "../onnx/graph";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import { type ModelProto, toNumber } from "../onnx/proto";
import { createSession } from "../runtime/session";
import { type CutPoint, findCutPoints } from "../shard/cut-points";
import { extractShards } from "../shard/extract";
import { type Manifest, writeShards } from "../shard/manifest";
import { type Balance, planShards } from "../shard/plan";
import { probeBoundaryShapes } from "../shard/probe-shapes";
import { checkModel, UnsupportedModelError } from "./check-model";

export interface PrepareOnnxOptions {
  /** The owner's plain ONNX file. */
  onnx: string;
  /** The id it will be registered under (lower-case letters, digits, dashes). */
  id: string;
  /** Human-readable name, written to the manifest for `publish`. */
  name: string;
  shards: number;
  out: string;
  balance?: Balance;
  ee?: boolean;
  /** Where the EE key goes (default OUT/<id>.ee-key.json), mode 0600. */
  keyOut?: string;
  hss?: boolean;
  /** Cut at these tensors instead of planning (names from `cut-points --onnx`). */
  cutTensors?: string[];
  /** Deterministic EE key, for tests. */
  seed?: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * `nesa-models prepare --onnx FILE --id ID --name NAME`: any single-input, single-output float32 model in the
 * supported op set is checked (IR, opset, ops), cut at balanced clean cut points — with --ee, only at cut points
 * where EE can fold a permutation — EE-transformed, extracted, and written with manifest.json (+ HSS stages).
 * @example await prepareOnnx({ onnx: "net.onnx", id: "my-net", name: "My net", shards: 2, out: "dist/my-net", ee: true }, log)
 */
export async function prepareOnnx(o: PrepareOnnxOptions, log: Logger): Promise<Manifest> {
  if (!ID.test(o.id)) throw new Error(`--id "${o.id}" must be 1–64 lower-case letters, digits and dashes, starting with a letter or digit (e.g. my-classifier)`);
  if (isBuiltInEEModel(o.id) || o.id === "tiny-lm") throw new Error(`--id "${o.id}" is a built-in model; choose your own id, or use --model ${o.id}`);
  if (o.name.trim() === "") throw new Error("--name must not be empty: it is shown in `nesa models list`");
  if (o.hss && !o.ee) throw new Error("--hss needs --ee: the shares are of the EE-encrypted input");
  log.info({ step: "load", onnx: o.onnx }, "loading model");
  const model = loadOnnx(o.onnx);
  checkModel(model, o.onnx);
  const balance = o.balance ?? "bytes";
  const all = findCutPoints(model);
  let key: EEKey | undefined;
  let eeChecks: Map<string, EECutCheck> | undefined;
  if (o.ee) {
    key = generateEEKey(o.id, { ...(o.seed ? { seed: o.seed } : {}), spec: await eeShape(model, o.onnx) });
    log.info({ step: "ee", classes: key.classPerm.length, inputFeatures: key.inputPerm?.length ?? null }, "EE key drawn; checking which cut points EE can fold");
    try {
      eeChecks = new Map(checkEECuts(model, all.map((c) => c.tensor.name), key).map((c) => [c.tensor, c]));
    } catch (err) {
      throw new UnsupportedModelError(`${o.onnx}: EE cannot be applied to this model at all: ${(err as Error).message}. Prepare without --ee, or change the model around the named node.`, { cause: err });
    }
  }
  const usable = (c: CutPoint) => !eeChecks || eeChecks.get(c.tensor.name)?.ok === true;
  let cuts: CutPoint[];
  if (o.cutTensors && o.cutTensors.length > 0) {
    cuts = o.cutTensors.map((t) => {
      const cut = all.find((c) => c.tensor.name === t);
      if (!cut) throw new Error(`--cuts: "${t}" is not a clean cut point (one float32 tensor crossing). ${suggest(all, eeChecks)}`);
      const check = eeChecks?.get(t);
      if (check && !check.ok) throw new UnsupportedModelError(`--cuts: EE cannot fold a permutation at "${t}": ${check.reason}. ${suggest(all, eeChecks)}`);
      return cut;
    });
    cuts.sort((a, b) => a.nodeIndex - b.nodeIndex);
    if (cuts.length !== o.shards - 1) throw new Error(`--cuts names ${cuts.length} tensors, so ${cuts.length + 1} shards, but --shards is ${o.shards}`);
  } else {
    const n = all.filter(usable).length;
    if (o.shards - 1 > n) {
      const why = eeChecks ? refusals(all, eeChecks) : "";
      throw new UnsupportedModelError(
        `${o.onnx}: ${o.shards} shards need ${o.shards - 1} cut points, but the model has ${all.length} clean cut point(s)${eeChecks ? `, ${n} of them where EE can fold a permutation` : ""}. ${suggest(all, eeChecks)}${why}`,
      );
    }
    cuts = planShards(model, o.shards, { balance, accept: usable }).cuts;
  }
  const probed = await probeBoundaryShapes(model, cuts);
  log.info({ step: "plan", cuts: probed.map((c) => ({ node: c.nodeIndex, tensor: c.tensor.name, shape: c.tensor.shape })) }, "cut points chosen");
  let prepared: ModelProto = model;
  let ee: Manifest["ee"];
  if (key) {
    try {
      prepared = applyEE(model, { cutTensors: probed.map((c) => c.tensor.name), hss: o.hss ?? false }, key);
    } catch (err) {
      throw new UnsupportedModelError(`${o.onnx}: EE failed at the chosen cuts [${probed.map((c) => c.tensor.name).join(", ")}]: ${(err as Error).message}. ${suggest(all, eeChecks)}`, { cause: err });
    }
    const keyOut = resolve(o.keyOut ?? resolve(o.out, `${o.id}.ee-key.json`));
    mkdirSync(dirname(keyOut), { recursive: true });
    writeFileSync(keyOut, `${JSON.stringify(key)}\n`, { mode: 0o600 });
    ee = { scheme: "nesa-ee-v1", keyCommitment: Buffer.from(eeKeyCommitment(key)).toString("hex") };
    log.info({ step: "ee", keyOut }, "EE folded into the weights; key written (0600)");
  }
  const shards = extractShards(prepared, { cuts: probed });
  let hss: Manifest["hss"];
  if (o.hss) {
    try {
      hss = writeHssStages(buildHssModels(shards[0]), o.out, o.id);
    } catch (err) {
      throw new UnsupportedModelError(`${o.onnx}: --hss: ${(err as Error).message}. Prepare without --hss (EE only).`, { cause: err });
    }
  }
  const manifest = writeShards(shards, o.out, o.id, { name: o.name, ...(ee ? { ee } : {}), ...(hss ? { hss } : {}) });
  for (const s of manifest.shards) log.info({ step: "write", index: s.index, file: s.file, sizeBytes: s.sizeBytes, sha256: s.sha256 }, `wrote shard ${s.index + 1}/${manifest.shards.length}`);
  log.info({ step: "done", out: resolve(o.out, "manifest.json") }, "manifest written; next: nesa-models publish --manifest … --price …");
  return manifest;
}

/** The cut points that work, for an error message. */
function suggest(all: CutPoint[], checks?: Map<string, EECutCheck>): string {
  const ok = all.filter((c) => !checks || checks.get(c.tensor.name)?.ok);
  if (ok.length === 0) return checks ? "No cut point works with EE: use --shards 1, or prepare without --ee." : "The model has no clean cut point: use --shards 1.";
  const list = ok.slice(0, 12).map((c) => `${c.tensor.name} (before node ${c.nodeIndex})`).join(", ");
  return `Cuts that work: ${list}${ok.length > 12 ? `, … (${ok.length} in all; \`nesa-models cut-points --onnx FILE${checks ? " --ee" : ""}\` lists them)` : ""}; pass --shards ≤ ${ok.length + 1} or --cuts T1,T2.`;
}

function refusals(all: CutPoint[], checks: Map<string, EECutCheck>): string {
  const bad = all.map((c) => checks.get(c.tensor.name)).filter((c): c is EECutCheck => c !== undefined && !c.ok);
  return bad.length === 0 ? "" : ` Refused: ${bad.slice(0, 4).map((c) => `"${c.tensor}": ${c.reason}`).join(" | ")}`;
}

/**
 * The EE key's sizes: classes = the output's last dim (declared, else measured on a zero input), and a feature
 * permutation when the input is a [N, F] vector read directly by a MatMul/Gemm (as lande's is).
 */
export async function eeShape(model: ModelProto, file: string): Promise<{ classes: number; inputFeatures?: number }> {
  const out = model.graph.output[0];
  const dims = out.type?.tensorType?.shape?.dim ?? [];
  // A one-channel NCHW map (a detector's probability map): its last axis is spatial, so there are no classes to
  // permute; EE protects the cut tensors only, and the map comes back in plaintext order.
  if (dims.length === 4 && dims[1].dimValue && toNumber(dims[1].dimValue) === 1) return { classes: 1 };
  let classes = dims.length > 0 && dims[dims.length - 1].dimValue ? toNumber(dims[dims.length - 1].dimValue) : 0;
  if (!classes) classes = await measureLastDim(model);
  if (!classes) throw new UnsupportedModelError(`${file}: cannot tell the size of the output's last axis (the classes EE permutes); declare it in the graph output's shape`);
  const input = realInputs(model.graph)[0];
  const inDims = input.type?.tensorType?.shape?.dim ?? [];
  let inputFeatures: number | undefined;
  if (inDims.length === 2 && inDims[1].dimValue) {
    try {
      const first = findFirstLinear(viewGraph(model));
      const op = model.graph.node[first.node].opType;
      if (op === "MatMul" || op === "Gemm") inputFeatures = toNumber(inDims[1].dimValue);
    } catch {
      // no linear op reads the input directly: the input is sent unpermuted (privacyExposure says so)
    }
  }
  return { classes, ...(inputFeatures ? { inputFeatures } : {}) };
}

async function measureLastDim(model: ModelProto): Promise<number> {
  const input = realInputs(model.graph)[0];
  const shape = (input.type?.tensorType?.shape?.dim ?? []).map((d, j) => (d.dimValue ? toNumber(d.dimValue) : j === 0 ? 1 : 96));
  const session = await createSession(saveOnnx(model), { threads: 1 });
  try {
    const count = shape.reduce((a, b) => a * b, 1);
    const out = await session.run({ [input.name]: new Tensor("float32", new Float32Array(count), shape) });
    const dims = Object.values(out)[0].dims;
    return dims[dims.length - 1] ?? 0;
  } finally {
    await session.release();
  }
}
