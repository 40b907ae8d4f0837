import { readFileSync } from "node:fs";
import lande from "lande";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOnnx, saveOnnx } from "../onnx/onnx-io";
import { type InferenceSession, createSession, runSingle } from "../runtime/session";
import { modelPath } from "../runtime/model-path";
import { LANDE_OUTPUT, buildLandeModel } from "./convert";
import { decodeLande, landeBatch, landeFeatures, landeLanguages } from "./features";

const SENTENCES: [string, string][] = [
  ["eng", "The weather is lovely today and we are going for a long walk in the park."],
  ["fra", "Je voudrais réserver une table pour deux personnes ce soir, s'il vous plaît."],
  ["deu", "Ich habe gestern ein sehr interessantes Buch über die Geschichte Berlins gelesen."],
  ["spa", "Mañana vamos a visitar a mis abuelos que viven en un pueblo cerca de la montaña."],
  ["ita", "Questa estate andremo in vacanza al mare con tutta la famiglia e gli amici."],
  ["rus", "Сегодня мы пошли в магазин, чтобы купить свежий хлеб и молоко."],
  ["jpn", "今日はとても良い天気なので、公園に散歩に行きましょう。"],
];

describe("lande converted to ONNX", () => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await createSession(modelPath("lande"), { threads: 1 });
  });

  it("has the 620 → 50 graph with lande's languages in output order", () => {
    const model = loadOnnx(modelPath("lande"));
    expect(model.graph.node.map((n) => n.opType)).toEqual(["MatMul", "Add", "Relu", "MatMul", "Add", "Softmax"]);
    expect(landeLanguages()).toHaveLength(50);
    expect(landeLanguages()).toContain("eng");
    expect(landeFeatures("hello").length).toBe(620);
  });

  it("names the right language for sentences in 7 languages", async () => {
    for (const [expected, text] of SENTENCES) {
      const out = await runSingle(session, { dims: [1, 620], data: landeFeatures(text) });
      expect(out.dims).toEqual([1, 50]);
      expect(decodeLande(out).language, text).toBe(expected);
    }
  });

  it("matches lande's own probabilities for every language within 1e-4", async () => {
    const languages = landeLanguages();
    const batch = landeBatch(SENTENCES.map(([, text]) => text));
    const out = await runSingle(session, batch);
    let worst = 0;
    SENTENCES.forEach(([, text], row) => {
      const reference = new Map(lande(text));
      languages.forEach((lang, j) => {
        const ours = out.data[row * languages.length + j];
        worst = Math.max(worst, Math.abs(ours - (reference.get(lang as never) ?? Number.NaN)));
      });
      expect(decodeLande(out.data.slice(row * 50, row * 50 + 50)).probability).toBeCloseTo(lande(text)[0][1], 4);
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
    console.info(`lande ONNX vs lande JS: max abs diff ${worst.toExponential(2)}`);
  });

  it("builds the same model every time (reproducible convert-lande)", () => {
    const a = buildLandeModel();
    expect(a.graph.output[0].name).toBe(LANDE_OUTPUT);
    expect(Buffer.from(saveOnnx(a)).equals(readFileSync(modelPath("lande")))).toBe(true);
    expect(a.graph.initializer.map((t) => t.name)).toEqual(["dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias"]);
  });

  it("explains bad input", () => {
    expect(() => decodeLande(new Float32Array(3))).toThrow(/expected 50 probabilities/);
    expect(() => landeFeatures(42 as unknown as string)).toThrow(/text must be a string/);
    expect(() => modelPath("gpt2")).toThrow(/unknown model id "gpt2": use one of ocr-rec, lande/);
  });
});
