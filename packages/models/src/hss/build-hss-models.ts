import { findFirstLinear } from "../ee/first-linear";
import { attrInt, constTensor, dimsOf, floatTensor, nodeLabel, readFloats, viewGraph } from "../ee/onnx-graph";
import { cloneModel } from "../onnx/onnx-io";
import { ElemType, type ModelProto, type NodeProto, onnx, type ValueInfoProto } from "../onnx/proto";
import { pruneModel } from "./prune";

/** Which tensors cross between the HSS stages (see the README section "Equivariant Encryption and HSS-EE"). */
export interface HssLayout {
  /** Graph input of the share stage: one additive share of the (EE-encrypted) model input. */
  shareInput: string;
  /** Graph output of the share stage: the first linear op applied to that share, without bias. */
  shareOutput: string;
  /** The combiner's two inputs: share-stage output of miner 0 and of miner 1. */
  combineInputs: [string, string];
  /** The combiner's outputs (those of the model it was built from). */
  combineOutputs: string[];
  /** The op that was split, e.g. `Conv node "p2o.Conv.0"`. */
  splitOp: string;
  /** True when the combiner adds the first op's bias (once) after summing the partial results. */
  biasInCombine: boolean;
}

export interface HssModels {
  share: ModelProto;
  combine: ModelProto;
  layout: HssLayout;
}

const floatInfo = (name: string): ValueInfoProto =>
  onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: ElemType.FLOAT } } }) as unknown as ValueInfoProto;

function mkNode(opType: string, inputs: string[], output: string, attrs: NodeProto["attribute"] = []): NodeProto {
  return onnx.NodeProto.create({ opType, name: output, input: inputs, output: [output], attribute: attrs }) as unknown as NodeProto;
}

function constNode(name: string, dims: number[], data: Float32Array): NodeProto {
  const value = onnx.AttributeProto.create({ name: "value", type: onnx.AttributeProto.AttributeType.TENSOR, t: floatTensor(name, dims, data) });
  return mkNode("Constant", [], name, [value as unknown as NodeProto["attribute"][number]]);
}

/** Gemm(A, B, C) = alpha·A·op(B) + beta·C as a plain weight for MatMul, and the bias it adds. */
function gemmAsMatMul(node: NodeProto, b: Float32Array, bDims: number[], c?: Float32Array): { w: Float32Array; wDims: number[]; bias?: Float32Array } {
  const alpha = node.attribute.find((a) => a.name === "alpha")?.f ?? 1;
  const beta = node.attribute.find((a) => a.name === "beta")?.f ?? 1;
  let w = b;
  let wDims = bDims;
  if (attrInt(node, "transB", 0) === 1) {
    const [n, k] = bDims;
    w = new Float32Array(k * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) w[j * n + i] = b[i * k + j];
    wDims = [k, n];
  }
  return { w: w.map((v) => v * (alpha || 1)), wDims, bias: c?.map((v) => v * (beta || 1)) };
}

/**
 * Builds the two HSS stages from a model (the unsplit EE model, or its shard 0):
 * - share: x_share → first linear op without bias → partial (run by two miners, one share each);
 * - combine: partial0 + partial1 (+ bias, once) → the rest of the model.
 * Both cost what the original first op and the rest cost, plus one Add (two with a bias).
 */
export function buildHssModels(model: ModelProto): HssModels {
  const view = viewGraph(cloneModel(model));
  const first = findFirstLinear(view);
  const node = view.nodes[first.node] as NodeProto;
  const op = node.opType;
  if (op === "Gemm" && attrInt(node, "transA", 0) !== 0) throw new Error(`HSS: ${nodeLabel(view, first.node)} has transA=1; transpose the input instead`);
  const wName = node.input[1];
  const wProto = constTensor(view, wName);
  const bProto = node.input[2] ? constTensor(view, node.input[2]) : undefined;
  if (!wProto || (node.input[2] && !bProto)) throw new Error(`HSS: ${nodeLabel(view, first.node)} needs constant weight and bias`);
  const partial = `${first.output}__hss_partial`;
  const shareNodes: NodeProto[] = [];
  let bias: { dims: number[]; data: Float32Array } | undefined;
  if (op === "Gemm") {
    const g = gemmAsMatMul(node, readFloats(wProto, wName), dimsOf(wProto), bProto ? readFloats(bProto, node.input[2]) : undefined);
    shareNodes.push(constNode(`${wName}__hss`, g.wDims, g.w), mkNode("MatMul", [first.input, `${wName}__hss`], partial));
    if (g.bias && bProto) bias = { dims: dimsOf(bProto), data: g.bias };
  } else {
    const wDims = dimsOf(wProto);
    shareNodes.push(constNode(`${wName}__hss`, wDims, readFloats(wProto, wName)));
    const attrs = op === "Conv" ? node.attribute : [];
    shareNodes.push(mkNode(op, [first.input, `${wName}__hss`], partial, attrs));
    if (bProto && op === "Conv") {
      const c = dimsOf(bProto)[0];
      bias = { dims: [c, ...new Array(wDims.length - 2).fill(1)], data: readFloats(bProto, node.input[2]) };
    }
  }
  const graph = view.model.graph;
  const inputInfo = graph.input.find((v) => v.name === first.input) as ValueInfoProto;
  const share = onnx.ModelProto.create({
    irVersion: view.model.irVersion,
    opsetImport: view.model.opsetImport,
    producerName: "nesa-models hss share stage",
    graph: { name: `${graph.name}_hss_share`, node: shareNodes, input: [inputInfo], output: [floatInfo(partial)] },
  }) as unknown as ModelProto;

  const p0 = `${partial}0`;
  const p1 = `${partial}1`;
  const sum = bias ? `${first.output}__hss_sum` : first.output;
  const head: NodeProto[] = [mkNode("Add", [p0, p1], sum)];
  if (bias) head.push(constNode(`${first.output}__hss_bias`, bias.dims, bias.data), mkNode("Add", [sum, `${first.output}__hss_bias`], first.output));
  const combine = cloneModel(view.model);
  combine.producerName = "nesa-models hss combine stage";
  const rest = combine.graph.node.filter((_, i) => i !== first.node);
  combine.graph.node = [...head, ...rest];
  combine.graph.input = [...combine.graph.input.filter((v) => v.name !== first.input), floatInfo(p0), floatInfo(p1)];
  pruneModel(combine);
  return {
    share,
    combine,
    layout: {
      shareInput: first.input,
      shareOutput: partial,
      combineInputs: [p0, p1],
      combineOutputs: combine.graph.output.map((o) => o.name),
      splitOp: nodeLabel(view, first.node),
      biasInCombine: bias !== undefined,
    },
  };
}
