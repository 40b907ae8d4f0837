import { Tensor } from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { landeFeatures } from "../lande/features";
import { readFileSync } from "node:fs";
import { type InferenceSession, createSession, maxAbsDiff, runSession, runSingle } from "./session";
import { MODEL_IDS, modelPath } from "./model-path";

describe("onnxruntime-node session helpers", () => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await createSession(modelPath("lande"), { threads: 1 });
  });

  it("opens a session from a path or from bytes and gives the same result", async () => {
    const fromBytes = await createSession(readFileSync(modelPath("lande")), { threads: 1 });
    const input = { dims: [1, 620], data: landeFeatures("Dit is een Nederlandse zin over fietsen.") };
    const a = await runSingle(session, input);
    const b = (await runSession(fromBytes, { features: new Tensor("float32", input.data, input.dims) })).probabilities;
    expect(a.dims).toEqual([1, 50]);
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(a.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it("knows the model ids and resolves their files", () => {
    expect(MODEL_IDS).toEqual(["ocr-rec", "lande", "tiny-lm"]);
    expect(modelPath("ocr-rec")).toMatch(/ch_PP-OCRv4_rec_infer\.onnx$/);
    expect(modelPath("tiny-lm")).toMatch(/assets\/tiny-lm\/model\.onnx$/);
  });

  it("explains bad input", async () => {
    await expect(createSession(modelPath("lande"), { threads: 0 })).rejects.toThrow(/threads must be a positive integer/);
    await expect(runSession(session, {})).rejects.toThrow(/missing input "features"; the model expects \[features\]/);
    const x = { dims: [1, 620], data: new Float32Array(620) };
    await expect(runSession(session, { features: x, extra: x })).rejects.toThrow(/unknown input "extra"/);
    expect(() => maxAbsDiff(x, { dims: [620], data: x.data })).toThrow(/dims \[1,620\] and \[620\] differ/);
  });
});
