import { type GraphView, nodeLabel } from "./onnx-graph";

const LINEAR = new Set(["Conv", "Gemm", "MatMul"]);

/**
 * The first linear op (Conv / Gemm / MatMul with a constant weight) and the graph input it reads directly:
 * the op HSS splits into two share computations.
 */
export function findFirstLinear(view: GraphView): { node: number; input: string; output: string } {
  for (let i = 0; i < view.nodes.length; i++) {
    const n = view.nodes[i];
    if (!LINEAR.has(n.opType ?? "")) continue;
    const [x, w] = n.input ?? [];
    if (!view.graphInputs.has(x) || !view.constants.has(w)) {
      throw new Error(
        `HSS: the first linear op, ${nodeLabel(view, i)}, must read a graph input and a constant weight; ` +
          "it reads " + `"${x}" and "${w}". HSS-EE needs a model whose input goes straight into its first Conv/Gemm/MatMul.`,
      );
    }
    return { node: i, input: x, output: n.output?.[0] ?? "" };
  }
  throw new Error("HSS: the model has no Conv, Gemm or MatMul to split");
}
