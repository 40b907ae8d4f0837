import { GraphBuilder, tensorInfo } from "../lm/graph-builder";
import { ElemType, type ModelProto, onnx } from "../onnx/proto";

export interface ConvNetOptions {
  /** Seed of the weights (a small LCG: the same seed gives the same file). */
  seed?: number;
  /** Put a Flatten between the convolutions and the head (EE cannot carry a permutation through it). */
  flatten?: boolean;
  /** Opset of the model (default 11: Squeeze takes its axes as an attribute). */
  opset?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/**
 * A small image classifier with random weights, written with the project's ONNX writer: what a model owner might
 * bring. x: float32[N,3,16,16] → Conv 3→8 3×3 → Relu → MaxPool 2 → Conv 8→16 3×3 → BatchNormalization → Relu →
 * GlobalAveragePool → Squeeze → Gemm 16→10 → Softmax → probs: float32[N,10].
 * @example saveOnnx(buildConvNet({ seed: 3 }))
 */
export function buildConvNet(options: ConvNetOptions = {}): ModelProto {
  const r = rng(options.seed ?? 7);
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => r() * scale);
  const g = new GraphBuilder();
  const c1 = g.op("Conv", ["x", g.floatInit("conv1.w", [8, 3, 3, 3], fill(216, 0.6)), g.floatInit("conv1.b", [8], fill(8, 0.2))], "conv1", { pads: { ints: [1, 1, 1, 1] }, kernel_shape: { ints: [3, 3] } });
  const a1 = g.op("Relu", [c1], "relu1");
  const p1 = g.op("MaxPool", [a1], "pool1", { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
  const c2 = g.op("Conv", [p1, g.floatInit("conv2.w", [16, 8, 3, 3], fill(1152, 0.3)), g.floatInit("conv2.b", [16], fill(16, 0.2))], "conv2", { pads: { ints: [1, 1, 1, 1] }, kernel_shape: { ints: [3, 3] } });
  const bn = g.op(
    "BatchNormalization",
    [c2, g.floatInit("bn.scale", [16], fill(16, 0.5).map((v) => v + 1)), g.floatInit("bn.bias", [16], fill(16, 0.2)), g.floatInit("bn.mean", [16], fill(16, 0.2)), g.floatInit("bn.var", [16], fill(16, 0.5).map((v) => v + 1))],
    "bn",
  );
  const a2 = g.op("Relu", [bn], "relu2");
  const gap = g.op("GlobalAveragePool", [a2], "gap");
  const flat = options.flatten ? g.op("Flatten", [gap], "flat", { axis: { i: 1 } }) : g.op("Squeeze", [gap], "flat", { axes: { ints: [2, 3] } });
  const fc = g.op("Gemm", [flat, g.floatInit("fc.w", [10, 16], fill(160, 0.8)), g.floatInit("fc.b", [10], fill(10, 0.2))], "fc", { transB: { i: 1 } });
  g.op("Softmax", [fc], "probs", { axis: { i: 1 } });
  const model = g.toModel("conv_net", [tensorInfo("x", ElemType.FLOAT, ["N", 3, 16, 16])], [tensorInfo("probs", ElemType.FLOAT, ["N", 10])], { "nesa.test": "conv-net" });
  model.producerName = "nesa-models conv-net (random weights)";
  model.opsetImport = [onnx.OperatorSetIdProto.create({ domain: "", version: options.opset ?? 11 }) as unknown as ModelProto["opsetImport"][number]];
  return model;
}
