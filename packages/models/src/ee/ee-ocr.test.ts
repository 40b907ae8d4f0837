import { beforeAll, describe, expect, it } from "vitest";
import { ctcDecode } from "../ocr/ctc";
import { OCR_FIXTURE } from "../ocr/fixtures";
import { readPng } from "../ocr/image";
import { ocrPreprocess } from "../ocr/preprocess";
import { renderTextLine } from "../ocr/render";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import type { ModelProto } from "../onnx/proto";
import type { FloatTensor } from "../onnx/tensors";
import { modelPath } from "../runtime/model-path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { createSession, maxAbsDiff, runSingle } from "../runtime/session";
import { findCutPoints } from "../shard/cut-points";
import { extractShards } from "../shard/extract";
import { planShards, type ShardPlan } from "../shard/plan";
import { applyEEWithReport, type EEReport } from "./apply-ee";
import { eeDecrypt, eeEncrypt } from "./client";
import { generateEEKey } from "./key";
import { gatherAxis } from "./onnx-graph";

async function chain(sessions: InferenceSession[], x: FloatTensor): Promise<FloatTensor[]> {
  const outs: FloatTensor[] = [];
  for (const s of sessions) {
    x = await runSingle(s, x);
    outs.push(x);
  }
  return outs;
}

const open = (models: ModelProto[]) => Promise.all(models.map((m) => createSession(saveOnnx(m), { threads: 1 })));

describe("EE on the PP-OCRv4 recognizer, 3 shards", () => {
  const key = generateEEKey("ocr-rec", { seed: "ocr-test" });
  let model: ModelProto;
  let plan: ShardPlan;
  let ee: ModelProto;
  let report: EEReport;
  let plainShards: InferenceSession[];
  let eeShards: InferenceSession[];
  const inputs: { text: string; x: FloatTensor }[] = [];

  beforeAll(async () => {
    model = loadOnnx(modelPath("ocr-rec"));
    plan = planShards(model, 3); // one cut in the CNN, one at the Concat after the SVTR neck
    ({ model: ee, report } = applyEEWithReport(model, { cutTensors: plan.cuts.map((c) => c.tensor.name) }, key));
    plainShards = await open(extractShards(model, plan));
    eeShards = await open(extractShards(ee, plan));
    inputs.push({ text: OCR_FIXTURE.text, x: ocrPreprocess(readPng(OCR_FIXTURE.file)) });
    inputs.push({ text: "Equivariant 42", x: ocrPreprocess(renderTextLine("Equivariant 42")) });
  });

  it("decrypt(F_ee(encrypt(x))) = F(x) within 1e-5 and reads the same text", async () => {
    for (const { text, x } of inputs) {
      const want = (await chain(plainShards, x))[2];
      const got = eeDecrypt("ocr-rec", key, (await chain(eeShards, eeEncrypt("ocr-rec", key, x)))[2]);
      expect(maxAbsDiff(got as FloatTensor, want)).toBeLessThanOrEqual(1e-5);
      expect(ctcDecode(got as FloatTensor)).toBe(ctcDecode(want));
      expect(ctcDecode(want)).toBe(text);
    }
  });

  it("sends channel-permuted feature maps between shards, and permuted classes back", async () => {
    const { x } = inputs[0];
    const plainOuts = await chain(plainShards, x);
    const eeOuts = await chain(eeShards, eeEncrypt("ocr-rec", key, x));
    plan.cuts.forEach((cut, s) => {
      const [p, e] = [plainOuts[s], eeOuts[s]];
      expect(e.dims).toEqual(p.dims);
      expect(maxAbsDiff(p, e)).toBeGreaterThan(0.1); // not the plaintext wire…
      const axis = e.dims.length + report.cutAxes[cut.tensor.name];
      const perm = report.cutPermutations[cut.tensor.name];
      expect(perm).toHaveLength(p.dims[axis]);
      // …but exactly the plaintext wire with its channels reordered by the secret permutation.
      expect(maxAbsDiff({ dims: p.dims, data: gatherAxis(p.data, p.dims, axis, perm) }, e)).toBeLessThan(1e-4);
    });
    expect(maxAbsDiff(eeOuts[2], plainOuts[2])).toBeGreaterThan(0.1);
  });

  it("changes only weights: every shard runs the same ops as its plaintext twin", () => {
    const plainOps = extractShards(model, plan).map((m) => m.graph.node.map((n) => n.opType).join());
    const eeOps = extractShards(ee, plan).map((m) => m.graph.node.map((n) => n.opType).join());
    expect(eeOps).toEqual(plainOps);
    expect(report.constantsChanged).toBeGreaterThan(10);
  });

  it("a wrong key reads garbage", async () => {
    const wrong = generateEEKey("ocr-rec", { seed: "not-the-owner" });
    const { x, text } = inputs[0];
    const got = eeDecrypt("ocr-rec", wrong, (await chain(eeShards, eeEncrypt("ocr-rec", wrong, x)))[2]);
    expect(ctcDecode(got as FloatTensor)).not.toBe(text);
  });

  it("transforms at any clean cut point of the model (every 40th checked) without adding nodes", () => {
    const cuts = findCutPoints(model).filter((_, i) => i % 40 === 0);
    for (const cut of cuts) {
      const r = applyEEWithReport(model, { cutTensors: [cut.tensor.name] }, key);
      expect(r.model.graph.node.length).toBe(model.graph.node.length);
      expect(Object.keys(r.report.cutPermutations)).toEqual([cut.tensor.name]);
    }
  });
});

describe("EE on the OCR recognizer, 4 shards", () => {
  // Some cuts deep in the CNN (e.g. conv2d_203.tmp_0) put EE just above 1e-5: reordering a 480-channel sum moves
  // the output by float32 noise that the SVTR neck amplifies (measured up to 2.4e-5). The yardstick is the runtime's
  // own noise: the same plaintext model with onnxruntime's graph optimisations off differs by 2.3e-5.
  it("stays within the order of onnxruntime's own float32 noise and reads the same text", async () => {
    const model = loadOnnx(modelPath("ocr-rec"));
    const key = generateEEKey("ocr-rec", { seed: "ocr-4" });
    const plan = planShards(model, 4);
    const ee = await open(extractShards(applyEEWithReport(model, { cutTensors: plan.cuts.map((c) => c.tensor.name) }, key).model, plan));
    const bytes = saveOnnx(model);
    const plain = await createSession(bytes, { threads: 1 });
    const unoptimised = await InferenceSession.create(bytes, { graphOptimizationLevel: "disabled", intraOpNumThreads: 1 });
    let eeErr = 0;
    let runtimeNoise = 0;
    for (const text of ["Private inference 2026", "The quick brown fox"]) {
      const x = ocrPreprocess(renderTextLine(text));
      const want = await runSingle(plain, x);
      const got = eeDecrypt("ocr-rec", key, (await chain(ee, eeEncrypt("ocr-rec", key, x)))[3]);
      const raw = await unoptimised.run({ x: new Tensor("float32", x.data, x.dims) });
      const other = raw[unoptimised.outputNames[0]];
      eeErr = Math.max(eeErr, maxAbsDiff(got, want));
      runtimeNoise = Math.max(runtimeNoise, maxAbsDiff({ dims: [...other.dims], data: other.data as Float32Array }, want));
      expect(ctcDecode(got)).toBe(ctcDecode(want));
    }
    expect(eeErr).toBeLessThanOrEqual(2 * Math.max(runtimeNoise, 1e-5)); // same order as the runtime's own noise
    expect(eeErr).toBeLessThan(5e-5);
  });
});
