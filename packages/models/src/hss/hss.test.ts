import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { applyEE } from "../ee/apply-ee";
import { eeDecrypt, eeEncrypt } from "../ee/client";
import { generateEEKey } from "../ee/key";
import { decodeLande, landeFeatures } from "../lande/features";
import { ctcDecode } from "../ocr/ctc";
import { ocrPreprocess } from "../ocr/preprocess";
import { renderTextLine } from "../ocr/render";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import type { ModelProto } from "../onnx/proto";
import { type FloatTensor, getTensor } from "../onnx/tensors";
import { modelPath } from "../runtime/model-path";
import { createSession, type InferenceSession, maxAbsDiff, runSingle } from "../runtime/session";
import { extractShards } from "../shard/extract";
import { planShards } from "../shard/plan";
import { buildHssModels, type HssModels } from "./build-hss-models";
import { writeHssStages } from "./manifest";
import { runHss } from "./run-hss";
import { combineShares, DEFAULT_SHARE_SCALE, splitShares } from "./split-shares";

/** Deterministic uniform [0,1) source (mulberry32), so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const relErr = (a: FloatTensor, b: FloatTensor) => maxAbsDiff(a, b) / b.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const open = (m: ModelProto) => createSession(saveOnnx(m), { threads: 1 });

describe("additive shares", () => {
  const image = ocrPreprocess(renderTextLine("Shares 2026"));
  const other = ocrPreprocess(renderTextLine("Shares 2026 other text"));

  it("add back up to the input, to float32 rounding", () => {
    const [s0, s1] = splitShares(image);
    const sum = combineShares(s0, s1);
    expect(maxAbsDiff(sum as FloatTensor, image)).toBeLessThan(DEFAULT_SHARE_SCALE * 2 ** -22);
  });

  it("share 0 is pure noise: the same randomness gives the same share 0 for a different image", () => {
    const [a] = splitShares(image, { rng: seeded(7) });
    const [b] = splitShares({ data: other.data.subarray(0, image.data.length), dims: image.dims }, { rng: seeded(7) });
    expect(a.data).toEqual(b.data);
  });

  it("share 1 alone is statistically unrelated to the image", () => {
    const [s0, s1] = splitShares(image);
    expect(Math.abs(correlation(s1.data, image.data))).toBeLessThan(0.03);
    expect(Math.abs(correlation(s0.data, image.data))).toBeLessThan(0.03);
    // Both spread over ±R like the mask, not like pixels in [−1, 1].
    const spread = s1.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(spread).toBeGreaterThan(DEFAULT_SHARE_SCALE * 0.9);
    expect(() => splitShares(image, { scale: 0 })).toThrow(/scale must be a positive/);
  });
});

describe("HSS-EE on the OCR recognizer, 2 shards", () => {
  const key = generateEEKey("ocr-rec", { seed: "hss-ocr" });
  let plan: ReturnType<typeof planShards>;
  let hss: HssModels;
  let eeShards: ModelProto[];
  let sessions: { share: InferenceSession; combine: InferenceSession; shard0: InferenceSession; shard1: InferenceSession };
  const text = "Private 2026";
  const x = ocrPreprocess(renderTextLine(text));

  beforeAll(async () => {
    const model = loadOnnx(modelPath("ocr-rec"));
    plan = planShards(model, 2);
    const ee = applyEE(model, { cutTensors: plan.cuts.map((c) => c.tensor.name), hss: true }, key);
    eeShards = extractShards(ee, plan);
    hss = buildHssModels(eeShards[0]);
    const [share, combine, shard0, shard1] = await Promise.all([hss.share, hss.combine, ...eeShards].map(open));
    sessions = { share, combine, shard0, shard1 };
  });

  it("gives the non-HSS EE result within 1e-4 relative, and the same text", async () => {
    const xe = eeEncrypt("ocr-rec", key, x) as FloatTensor;
    const plainEE = await runSingle(sessions.shard1, await runSingle(sessions.shard0, xe));
    const trace = await runHss(sessions, hss.layout, xe);
    const out = await runSingle(sessions.shard1, trace.output as FloatTensor);
    expect(relErr(out, plainEE)).toBeLessThanOrEqual(1e-4);
    expect(ctcDecode(eeDecrypt("ocr-rec", key, out) as FloatTensor)).toBe(text);
  });

  it("splits only the first Conv: the share stage holds it alone, the combiner never gets its weight", () => {
    expect(hss.share.graph.node.map((n) => n.opType)).toEqual(["Constant", "Conv"]);
    expect(hss.layout.splitOp).toMatch(/^Conv node/);
    // The combiner is shard 0 minus the Conv and its weight, plus one Add (and a bias Add with its constant).
    expect(hss.combine.graph.node.length).toBe(eeShards[0].graph.node.length - 2 + (hss.layout.biasInCombine ? 3 : 1));
    const w = hss.share.graph.node[0].output[0];
    expect(getTensor(hss.combine, w.replace(/__hss$/, ""))).toBeUndefined();
    expect(hss.combine.graph.input.map((v) => v.name)).toEqual(hss.layout.combineInputs);
  });

  it("each share-stage miner sees noise, and the combiner sees channel-permuted feature maps", async () => {
    const xe = eeEncrypt("ocr-rec", key, x) as FloatTensor;
    const trace = await runHss(sessions, hss.layout, xe);
    for (const s of trace.shares) expect(Math.abs(correlation(s.data, xe.data))).toBeLessThan(0.03);
    // Each partial alone is as unrelated to the true first-layer output as the share is to the image.
    const sum = combineShares(trace.partials[0], trace.partials[1]);
    for (const p of trace.partials) expect(Math.abs(correlation(p.data, sum.data))).toBeLessThan(0.2);
  });
});

describe("the manifest's hss section", () => {
  it("writes both stages and describes the tensors that cross, with file hashes", () => {
    const key = generateEEKey("lande", { seed: "hss-manifest" });
    const hss = buildHssModels(applyEE(loadOnnx(modelPath("lande")), { cutTensors: [], hss: true }, key));
    const dir = mkdtempSync(join(tmpdir(), "hss-manifest-"));
    try {
      const section = writeHssStages(hss, dir, "lande");
      const bytes = readFileSync(join(dir, section.share.file));
      expect(section.share.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(section.share.inputs.map((t) => t.name)).toEqual(["features"]);
      expect(section.share.outputs[0]).toMatchObject({ name: hss.layout.shareOutput, type: "float32" });
      expect(section.combine.inputs.map((t) => t.name)).toEqual(hss.layout.combineInputs);
      expect(section.combine.outputs.map((t) => t.name)).toEqual(["probabilities"]);
      expect(JSON.parse(JSON.stringify(section))).toEqual(section);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("HSS-EE on lande, unsharded", () => {
  it("gives the EE result within 1e-4 relative and the same language", async () => {
    const key = generateEEKey("lande", { seed: "hss-lande" });
    const model = loadOnnx(modelPath("lande"));
    const ee = applyEE(model, { cutTensors: [], hss: true }, key);
    const hss = buildHssModels(ee);
    expect(hss.layout.splitOp).toMatch(/^MatMul node/);
    const [share, combine, full] = await Promise.all([hss.share, hss.combine, ee].map(open));
    for (const text of ["Das ist ein ganz normaler deutscher Satz.", "Ceci est une phrase tout à fait normale."]) {
      const xe = eeEncrypt("lande", key, { dims: [1, 620], data: landeFeatures(text) }) as FloatTensor;
      const want = await runSingle(full, xe);
      const trace = await runHss({ share, combine }, hss.layout, xe);
      expect(relErr(trace.output as FloatTensor, want)).toBeLessThanOrEqual(1e-4);
      expect(decodeLande(eeDecrypt("lande", key, trace.output).data).language).toBe(decodeLande(eeDecrypt("lande", key, want).data).language);
    }
  });
});
