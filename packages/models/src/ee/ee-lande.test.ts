import { beforeAll, describe, expect, it } from "vitest";
import { decodeLande, landeFeatures } from "../lande/features";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import type { ModelProto } from "../onnx/proto";
import type { FloatTensor } from "../onnx/tensors";
import { getTensor } from "../onnx/tensors";
import { modelPath } from "../runtime/model-path";
import { createSession, type InferenceSession, maxAbsDiff, runSingle } from "../runtime/session";
import { extractShards } from "../shard/extract";
import { findCutPoints } from "../shard/cut-points";
import { applyEEWithReport, type EEReport } from "./apply-ee";
import { eeDecrypt, eeEncrypt } from "./client";
import { generateEEKey } from "./key";

const TEXTS = [
  "Le chat dort sur le canapé du salon pendant que la pluie tombe.",
  "The quick brown fox jumps over the lazy dog near the river bank.",
  "Der schnelle braune Fuchs springt über den faulen Hund am Fluss.",
  "El rápido zorro marrón salta sobre el perro perezoso en el parque.",
  "Быстрая коричневая лиса прыгает через ленивую собаку у реки.",
];
const input = (text: string): FloatTensor => ({ dims: [1, 620], data: landeFeatures(text) });

/** lande evaluated in float64 from the plaintext weights: the exact reference both float32 runs are judged by. */
function exactLande(model: ModelProto, x: Float32Array): Float64Array {
  const [w1, b1, w2, b2] = ["dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias"].map((n) => getTensor(model, n)?.data as Float32Array);
  const h = new Float64Array(120).map((_, j) => Math.max(0, x.reduce((s, v, i) => s + v * w1[i * 120 + j], b1[j])));
  const logits = new Float64Array(50).map((_, j) => h.reduce((s, v, i) => s + v * w2[i * 50 + j], b2[j]));
  const top = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - top));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

async function chain(sessions: InferenceSession[], x: FloatTensor): Promise<FloatTensor[]> {
  const outs: FloatTensor[] = [];
  for (const s of sessions) {
    x = await runSingle(s, x);
    outs.push(x);
  }
  return outs;
}

describe("EE on lande (50-language MLP)", () => {
  const key = generateEEKey("lande", { seed: "lande-test" });
  let model: ModelProto;
  let ee: ModelProto;
  let report: EEReport;
  let cuts: ReturnType<typeof findCutPoints>;
  let plain: InferenceSession;
  let eeShards: InferenceSession[];
  let plainShards: InferenceSession[];

  beforeAll(async () => {
    model = loadOnnx(modelPath("lande"));
    // Cut at the hidden activation (after Relu) and after the first MatMul: two boundaries, three shards.
    cuts = findCutPoints(model).filter((c) => ["dense1.matmul", "relu1.out"].includes(c.tensor.name));
    ({ model: ee, report } = applyEEWithReport(model, { cutTensors: cuts.map((c) => c.tensor.name) }, key));
    plain = await createSession(saveOnnx(model), { threads: 1 });
    eeShards = await Promise.all(extractShards(ee, { cuts }).map((m) => createSession(saveOnnx(m), { threads: 1 })));
    plainShards = await Promise.all(extractShards(model, { cuts }).map((m) => createSession(saveOnnx(m), { threads: 1 })));
  });

  // lande's logits sit near −900, where one float32 ulp is 6e-5: any reordering of its sums (which a permutation
  // is) moves the probabilities by up to ~1e-4, and the plaintext float32 run is itself that far from the exact
  // value. So EE is judged against the exact float64 function: it must be as close to it as the plaintext run.
  it("decrypt(F_ee(encrypt(x))) is as exact as F(x) itself, with the same language, sharded", async () => {
    let plainErr = 0;
    let eeErr = 0;
    let eeVsPlain = 0;
    for (const text of TEXTS) {
      const x = input(text);
      const want = await runSingle(plain, x);
      const outs = await chain(eeShards, eeEncrypt("lande", key, x));
      const got = eeDecrypt("lande", key, outs[outs.length - 1]);
      const exact = exactLande(model, x.data);
      plainErr = Math.max(plainErr, maxDiff(want.data, exact));
      eeErr = Math.max(eeErr, maxDiff(got.data, exact));
      eeVsPlain = Math.max(eeVsPlain, maxAbsDiff(got as FloatTensor, want));
      expect(decodeLande(got.data).language).toBe(decodeLande(want).language);
    }
    expect(eeErr).toBeLessThanOrEqual(Math.max(2 * plainErr, 1e-5));
    expect(eeVsPlain).toBeLessThanOrEqual(2e-4);
  });

  it("permutes the input, the output and every wire tensor by the key's secret permutations", async () => {
    const x = input(TEXTS[0]);
    const xe = eeEncrypt("lande", key, x);
    expect(maxAbsDiff(xe as FloatTensor, x)).toBeGreaterThan(0.01);
    const plainOuts = await chain(plainShards, x);
    const eeOuts = await chain(eeShards, xe);
    for (let s = 0; s < cuts.length; s++) {
      const [p, e] = [plainOuts[s], eeOuts[s]];
      expect(maxAbsDiff(p, e)).toBeGreaterThan(1e-3); // the wire differs from the plaintext wire…
      const perm = report.cutPermutations[cuts[s].tensor.name];
      expect(perm).toHaveLength(120);
      for (let j = 0; j < 120; j++) expect(Math.abs(e.data[j] - p.data[perm[j]])).toBeLessThan(1e-5); // …by exactly that permutation
    }
    expect(maxAbsDiff(eeOuts[2], plainOuts[2])).toBeGreaterThan(1e-3); // the output classes are permuted too
  });

  it("changes weights only: same ops in the same order, no inverse-permutation node", () => {
    expect(ee.graph.node.map((n) => n.opType)).toEqual(model.graph.node.map((n) => n.opType));
    for (const name of ["dense1.weight", "dense2.weight", "dense1.bias", "dense2.bias"]) {
      const a = getTensor(model, name);
      const b = getTensor(ee, name);
      expect(b?.dims).toEqual(a?.dims);
      expect(maxAbsDiff(a as FloatTensor, b as FloatTensor)).toBeGreaterThan(1e-3);
      // Same multiset of values: a reordering, not new numbers.
      const [sa, sb] = [Float32Array.from(a?.data ?? []).sort(), Float32Array.from(b?.data ?? []).sort()];
      expect(sa.every((v, i) => v === sb[i])).toBe(true);
    }
  });

  it("a wrong key gives a wrong answer", async () => {
    const wrong = generateEEKey("lande", { seed: "someone-else" });
    let wrongLanguages = 0;
    for (const text of TEXTS) {
      const x = input(text);
      const want = decodeLande(await runSingle(plain, x)).language;
      const outs = await chain(eeShards, eeEncrypt("lande", wrong, x));
      const got = eeDecrypt("lande", wrong, outs[outs.length - 1]);
      expect(maxAbsDiff(got as FloatTensor, await runSingle(plain, x))).toBeGreaterThan(1e-3);
      if (decodeLande(got.data).language !== want) wrongLanguages++;
    }
    expect(wrongLanguages).toBeGreaterThanOrEqual(4);
  });

  it("gives a shared constant one permuted copy per use, keeping every node in place", async () => {
    const shared = loadOnnx(modelPath("lande"));
    const g = shared.graph;
    const soft = g.node.findIndex((n) => n.opType === "Softmax");
    // dense2.bias now feeds two Adds: dense2.out + dense2.bias → twice.
    const extra = { ...g.node[soft - 1], name: "twice", input: ["dense2.out", "dense2.bias"], output: ["dense2.twice"] };
    g.node.splice(soft, 0, extra as (typeof g.node)[number]);
    g.node[soft + 1].input = ["dense2.twice"];
    const { model: out } = applyEEWithReport(shared, { cutTensors: ["relu1.out"] }, key);
    expect(out.graph.node.map((n) => n.opType)).toEqual(shared.graph.node.map((n) => n.opType));
    // dense2.bias → two permuted copies, the unused original dropped.
    expect(out.graph.initializer.map((t) => t.name).sort()).toEqual(["dense1.bias", "dense1.weight", "dense2.bias__ee_4_1", "dense2.bias__ee_5_1", "dense2.weight"]);
    const x = input(TEXTS[1]);
    const want = await runSingle(await createSession(saveOnnx(shared), { threads: 1 }), x);
    const got = eeDecrypt("lande", key, await runSingle(await createSession(saveOnnx(out), { threads: 1 }), eeEncrypt("lande", key, x)));
    expect(maxAbsDiff(got, want)).toBeLessThan(2e-4);
    expect(decodeLande(got.data).language).toBe(decodeLande(want).language);
  });

  it("refuses a graph it cannot fold, naming the op and the node", () => {
    const bad = loadOnnx(modelPath("lande"));
    const relu = bad.graph.node.find((n) => n.opType === "Relu");
    if (!relu) throw new Error("lande has no Relu");
    relu.opType = "Hardmax"; // mixes all channels: no permutation passes through it
    expect(() => applyEEWithReport(bad, { cutTensors: ["dense1.out"] }, key)).toThrow(/Hardmax node "relu1_relu".*dense1\.out/s);
    expect(() => applyEEWithReport(model, { cutTensors: ["no.such.tensor"] }, key)).toThrow(/cut tensor "no.such.tensor" is not in the graph/);
  });
});
