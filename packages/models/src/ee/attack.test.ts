import { describe, expect, it } from "vitest";
import { loadOnnx } from "../onnx/onnx-io";
import { modelPath } from "../runtime/model-path";
import { planShards } from "../shard/plan";
import { applyEEWithReport } from "./apply-ee";
import { recoveredFraction, weightMatchAttack } from "./attack";
import { generateEEKey } from "./key";

// These tests document a weakness, not a feature: with public plaintext weights, EE's permutations are recoverable.
describe("weight-matching attack by a miner that knows the public plaintext weights", () => {
  it("OCR: recovers every boundary permutation and the class permutation", () => {
    const model = loadOnnx(modelPath("ocr-rec"));
    const key = generateEEKey("ocr-rec", { seed: "attack" });
    const plan = planShards(model, 3);
    const { model: ee, report } = applyEEWithReport(model, { cutTensors: plan.cuts.map((c) => c.tensor.name) }, key);
    for (const cut of plan.cuts) {
      const truth = report.cutPermutations[cut.tensor.name];
      // The miner downstream of the cut matches the input channels of its first Conv.
      const r = weightMatchAttack(model, ee, cut.tensor.name, "consumer");
      expect(r.recovered).toHaveLength(truth.length);
      expect(recoveredFraction(r.recovered, truth)).toBeGreaterThan(0.99);
      // A random guess gets ~1/n right: the attack is not luck.
      expect(recoveredFraction(r.recovered.map((_, j) => j), truth)).toBeLessThan(0.05);
    }
    // The last shard's miner matches the columns of the CTC head: it can undo the class permutation and read the text.
    const out = model.graph.output[0].name;
    const r = weightMatchAttack(model, ee, out, "producer");
    expect(recoveredFraction(r.recovered, key.classPerm)).toBeGreaterThan(0.99);
  });

  it("lande: the first miner recovers the input feature permutation from the first layer's rows", () => {
    const model = loadOnnx(modelPath("lande"));
    const key = generateEEKey("lande", { seed: "attack" });
    const { model: ee } = applyEEWithReport(model, { cutTensors: ["relu1.out"] }, key);
    const r = weightMatchAttack(model, ee, "features", "consumer");
    const frac = recoveredFraction(r.recovered, key.inputPerm ?? []);
    // Rows of features no text ever sets may be all-equal; those are the only ones it cannot place.
    expect(frac).toBeGreaterThan(0.9);
    expect(r.recovered).toHaveLength(620);
  });
});
