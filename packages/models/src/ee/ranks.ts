import { attrInt, attrInts, constTensor, dimsOf, type GraphView } from "./onnx-graph";

const SAME_AS_FIRST = new Set([
  "Conv", "BatchNormalization", "AveragePool", "MaxPool", "GlobalAveragePool", "GlobalMaxPool", "LpPool",
  "Softmax", "LogSoftmax", "Clip", "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Sqrt",
  "Exp", "Log", "Neg", "Abs", "Erf", "Cast", "Identity", "Dropout", "Softplus", "Elu", "Selu", "Reciprocal",
  "Floor", "Ceil", "Round", "Sign", "Not", "PRelu", "InstanceNormalization", "LRN", "Transpose", "Slice",
]);
const BROADCAST = new Set(["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater", "Where", "And", "Or"]);

/**
 * Rank (number of axes) of every tensor we can infer without running the model, and the length of small 1-D
 * integer tensors (shape arithmetic), which Reshape needs. Unknown stays absent: callers fail with a clear error.
 */
export function inferRanks(view: GraphView): Map<string, number> {
  const rank = new Map<string, number>();
  const len = new Map<string, number>();
  const graph = view.model.graph;
  for (const v of graph?.input ?? []) {
    const dims = v.type?.tensorType?.shape?.dim;
    if (dims) rank.set(v.name ?? "", dims.length);
  }
  for (const [name] of view.constants) {
    const t = constTensor(view, name);
    if (!t) continue;
    const d = dimsOf(t);
    rank.set(name, d.length);
    if (d.length === 1) len.set(name, d[0]);
  }
  for (const n of view.nodes) {
    if (n.opType === "Constant") continue;
    const ins = (n.input ?? []).map((x) => rank.get(x));
    const out = n.output?.[0] ?? "";
    const r0 = ins[0];
    let r: number | undefined;
    const op = n.opType ?? "";
    if (SAME_AS_FIRST.has(op)) {
      r = r0;
      if (r0 === 1 && len.has(n.input?.[0] ?? "") && op !== "Slice") len.set(out, len.get(n.input?.[0] ?? "") ?? 0);
      if (op === "Slice" && r0 === 1) {
        const l = len.get(n.input?.[0] ?? "");
        const starts = attrInts(n, "starts");
        const ends = attrInts(n, "ends");
        if (l !== undefined && starts && ends) len.set(out, Math.max(0, Math.min(ends[0], l) - Math.max(0, starts[0])));
      }
    } else if (BROADCAST.has(op)) {
      r = ins.every((x) => x !== undefined) ? Math.max(...(ins as number[])) : undefined;
    } else if (op === "Shape") {
      r = 1;
      if (r0 !== undefined) len.set(out, r0);
    } else if (op === "Squeeze") {
      const axes = attrInts(n, "axes");
      r = r0 !== undefined && axes ? r0 - axes.length : undefined;
    } else if (op === "Unsqueeze") {
      const axes = attrInts(n, "axes");
      r = r0 !== undefined && axes ? r0 + axes.length : undefined;
      if (r0 === 0 && axes?.length === 1) len.set(out, 1);
    } else if (op.startsWith("Reduce")) {
      const axes = attrInts(n, "axes");
      r = attrInt(n, "keepdims", 1) === 1 ? r0 : r0 !== undefined && axes ? r0 - axes.length : undefined;
    } else if (op === "MatMul") {
      r = ins[0] !== undefined && ins[1] !== undefined ? Math.max(ins[0], ins[1]) : undefined;
    } else if (op === "Gemm" || op === "Flatten") {
      r = 2;
    } else if (op === "Reshape") {
      r = len.get(n.input?.[1] ?? "");
      if (r === undefined) {
        const shape = constTensor(view, n.input?.[1] ?? "");
        if (shape) r = dimsOf(shape)[0];
      }
    } else if (op === "Concat") {
      r = r0;
      const lens = (n.input ?? []).map((x) => len.get(x));
      if (r0 === 1 && lens.every((x) => x !== undefined)) len.set(out, (lens as number[]).reduce((a, b) => a + b, 0));
    } else if (op === "Gather") {
      r = r0 !== undefined && ins[1] !== undefined ? r0 - 1 + ins[1] : undefined;
    }
    if (r !== undefined) for (const o of n.output ?? []) rank.set(o, r);
  }
  return rank;
}

