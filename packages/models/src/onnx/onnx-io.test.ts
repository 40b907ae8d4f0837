import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OCR_REC_PATH } from "../ocr/assets";
import { consumersOf, producerOf, realInputs } from "./graph";
import { cloneModel, loadOnnx, saveOnnx } from "./onnx-io";
import { addInitializer, getTensor, getTensorProto, setTensor } from "./tensors";

describe("ONNX protobuf IO on the PP-OCRv4 recognizer", () => {
  const model = loadOnnx(OCR_REC_PATH);

  it("decodes the graph and re-encodes it to the same size", () => {
    expect(model.graph.node.length).toBeGreaterThan(700);
    expect(realInputs(model.graph).map((v) => v.name)).toEqual(["x"]);
    const bytes = saveOnnx(model);
    // Field order may differ from the exporter's, but not the content: same length, same graph back.
    expect(Math.abs(bytes.length - readFileSync(OCR_REC_PATH).length)).toBeLessThan(1024);
    const again = loadOnnx(bytes);
    expect(again.graph.node.map((n) => n.opType)).toEqual(model.graph.node.map((n) => n.opType));
  });

  it("reads a Constant-node weight and writes it back through a save/load round trip", () => {
    const conv = model.graph.node.find((n) => n.opType === "Conv");
    if (!conv) throw new Error("no Conv node");
    const weightName = conv.input[1];
    expect(producerOf(model.graph, weightName)?.opType).toBe("Constant");
    const weight = getTensor(model, weightName);
    expect(weight?.dims.length).toBe(4);
    expect(weight?.data.length).toBe(weight?.dims.reduce((a, b) => a * b, 1));
    expect(weight?.data.some((v) => v !== 0)).toBe(true);

    const copy = cloneModel(model);
    const scaled = weight ? weight.data.map((v) => v * 2) : new Float32Array();
    setTensor(copy, weightName, weight?.dims ?? [], scaled);
    const reread = getTensor(loadOnnx(saveOnnx(copy)), weightName);
    expect(Array.from(reread?.data.slice(0, 16) ?? [])).toEqual(Array.from(scaled.slice(0, 16)));
    // The original is untouched: cloneModel shares no buffers.
    expect(getTensor(model, weightName)?.data[0]).toBe(weight?.data[0]);
  });

  it("finds producers and consumers", () => {
    const first = model.graph.node.find((n) => n.input.includes("x"));
    expect(consumersOf(model.graph, "x")).toContain(first);
    expect(producerOf(model.graph, "x")).toBeUndefined();
    const out = model.graph.output[0].name;
    expect(producerOf(model.graph, out)?.opType).toBe("Softmax");
    expect(consumersOf(model.graph, out)).toEqual([]);
  });

  it("rejects bad input with errors that say what to do", () => {
    expect(() => loadOnnx("/nonexistent/model.onnx")).toThrow(/cannot read \/nonexistent\/model.onnx/);
    expect(() => loadOnnx(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/not a valid ONNX ModelProto/);
    expect(getTensor(model, "no-such-tensor")).toBeUndefined();
    expect(() => setTensor(model, "no-such-tensor", [1], new Float32Array(1))).toThrow(/addInitializer/);
    const copy = cloneModel(model);
    expect(() => addInitializer(copy, "extra", [2, 2], new Float32Array(3))).toThrow(/dims \[2,2\] need 4/);
    addInitializer(copy, "extra", [2], new Float32Array([1, 2]));
    expect(getTensorProto(copy, "extra")?.dims.map(Number)).toEqual([2]);
    const shapeNode = model.graph.node.find((n) => n.opType === "Shape");
    if (shapeNode) expect(() => getTensor(model, shapeNode.output[0])).not.toThrow();
  });
});
