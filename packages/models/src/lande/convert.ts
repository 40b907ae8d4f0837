import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { saveOnnx } from "../onnx/onnx-io";
import { ElemType, type ModelProto, type NodeProto, onnx } from "../onnx/proto";
import { addInitializer } from "../onnx/tensors";
import { type LandeDense, landeData } from "./lande-data";

/** Graph input and output names of the converted lande model. */
export const LANDE_INPUT = "features";
export const LANDE_OUTPUT = "probabilities";

/**
 * Convert lande's t50 network to ONNX: features[N,620] → MatMul → Add → Relu → MatMul → Add →
 * Softmax → probabilities[N,50]. MatMul+Add (not Gemm) so the hidden layer has clean cut points
 * between every op and weights are plain [in,out] initializers that EE can permute.
 */
export function buildLandeModel(): ModelProto {
  const data = landeData();
  const [d1, d2] = data.dense;
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "nesa-models convert-lande",
    producerVersion: "1",
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: 13 })],
    graph: onnx.GraphProto.create({
      name: "lande_t50",
      input: [floatInfo(LANDE_INPUT, d1.inputs)],
      output: [floatInfo(LANDE_OUTPUT, d2.outputs)],
      valueInfo: [
        floatInfo("dense1.matmul", d1.outputs),
        floatInfo("dense1.out", d1.outputs),
        floatInfo("relu1.out", d1.outputs),
        floatInfo("dense2.matmul", d2.outputs),
        floatInfo("dense2.out", d2.outputs),
      ],
      node: [
        node("MatMul", [LANDE_INPUT, "dense1.weight"], "dense1.matmul"),
        node("Add", ["dense1.matmul", "dense1.bias"], "dense1.out"),
        node("Relu", ["dense1.out"], "relu1.out"),
        node("MatMul", ["relu1.out", "dense2.weight"], "dense2.matmul"),
        node("Add", ["dense2.matmul", "dense2.bias"], "dense2.out"),
        softmax("dense2.out", LANDE_OUTPUT),
      ],
    }),
  }) as unknown as ModelProto;
  addInitializer(model, "dense1.weight", [d1.inputs, d1.outputs], transpose(d1));
  addInitializer(model, "dense1.bias", [d1.outputs], d1.biases);
  addInitializer(model, "dense2.weight", [d2.inputs, d2.outputs], transpose(d2));
  addInitializer(model, "dense2.bias", [d2.outputs], d2.biases);
  return model;
}

/** Write the converted model atomically (parallel test workers may race to create the cache). */
export function writeLandeModel(path: string): number {
  const bytes = saveOnnx(buildLandeModel());
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return bytes.length;
}

// toygrad stores each output's filter as a row over the inputs; MatMul wants [inputs, outputs].
function transpose(dense: LandeDense): Float32Array {
  const out = new Float32Array(dense.inputs * dense.outputs);
  for (let o = 0; o < dense.outputs; o++) {
    for (let i = 0; i < dense.inputs; i++) out[i * dense.outputs + o] = dense.weights[o * dense.inputs + i];
  }
  return out;
}

function node(opType: string, input: string[], output: string): NodeProto {
  return onnx.NodeProto.create({ opType, input, output: [output], name: output.replace(/\.(out|matmul)$/, `_${opType.toLowerCase()}`) }) as unknown as NodeProto;
}

function softmax(input: string, output: string): NodeProto {
  const axis = onnx.AttributeProto.create({ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: -1 });
  return onnx.NodeProto.create({ opType: "Softmax", input: [input], output: [output], name: "softmax", attribute: [axis] }) as unknown as NodeProto;
}

function floatInfo(name: string, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ElemType.FLOAT,
        shape: { dim: [{ dimParam: "N" }, { dimValue: width }] },
      },
    },
  });
}
