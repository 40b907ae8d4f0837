import { describe, expect, it } from "vitest";
import { applyEEWithReport } from "../ee/apply-ee";
import { recoveredFraction, weightMatchAttack } from "../ee/attack";
import { eeEncrypt } from "../ee/client";
import { generateEEKey } from "../ee/key";
import { invertPermutation } from "../ee/key";
import { gatherAxis } from "../ee/onnx-graph";
import { ctcDecode } from "../ocr/ctc";
import { ocrPreprocess } from "../ocr/preprocess";
import { renderTextLine } from "../ocr/render";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import { getTensor } from "../onnx/tensors";
import { modelPath } from "../runtime/model-path";
import { createSession, runSingle } from "../runtime/session";
import { buildHssModels } from "./build-hss-models";
import { invertConv } from "./inversion-attack";
import { runHss } from "./run-hss";

// Documents a limit of HSS-EE on OCR, measured: the combining miner can rebuild the image.
describe("HSS-EE combiner with public weights", () => {
  it("undoes the channel permutation, inverts the first Conv and reads the text", async () => {
    const model = loadOnnx(modelPath("ocr-rec"));
    const key = generateEEKey("ocr-rec", { seed: "inversion" });
    const { model: ee, report } = applyEEWithReport(model, { cutTensors: [], hss: true }, key);
    const hss = buildHssModels(ee);
    const [share, combine] = await Promise.all([hss.share, hss.combine].map((m) => createSession(saveOnnx(m), { threads: 1 })));
    const x = ocrPreprocess(renderTextLine("Secret 7"));
    const trace = await runHss({ share, combine }, hss.layout, eeEncrypt("ocr-rec", key, x));

    // 1. What the combiner sums: permuted first-layer feature maps.
    const [p0, p1] = trace.partials;
    const y = { dims: p0.dims, data: p0.data.map((v, i) => v + p1.data[i]) };
    // 2. It matches its own next Conv's input channels against the public weights.
    const cut = hss.layout.shareOutput.replace(/__hss_partial$/, "");
    const perm = weightMatchAttack(model, ee, cut, "consumer").recovered;
    expect(recoveredFraction(perm, report.cutPermutations[cut])).toBe(1);
    const plainY = { dims: y.dims, data: gatherAxis(y.data, y.dims, 1, invertPermutation(perm)) };
    // 3. It solves conv(x) = y with the public first-layer weight.
    const conv = model.graph.node.find((n) => n.opType === "Conv");
    const w = getTensor(model, conv?.input[1] ?? "");
    if (!w) throw new Error("no first conv weight");
    const xHat = invertConv({ weight: w.data, dims: w.dims as [number, number, number, number], stride: 2, pad: 1 }, plainY, x.dims);
    let max = 0;
    let sum = 0;
    for (let i = 0; i < x.data.length; i++) {
      const d = Math.abs(xHat.data[i] - x.data[i]);
      max = Math.max(max, d);
      sum += d;
    }
    console.info(`HSS combiner inversion: mean |x̂ − x| = ${(sum / x.data.length).toExponential(2)}, max ${max.toFixed(3)} (pixels in [−1, 1])`);
    expect(sum / x.data.length).toBeLessThan(0.02);
    expect(max).toBeLessThan(0.25);
    const plain = await createSession(saveOnnx(model), { threads: 1 });
    expect(ctcDecode(await runSingle(plain, xHat))).toBe("Secret 7");
  });
});
