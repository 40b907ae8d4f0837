import { attributeOf } from "../onnx/graph";
import { ElemType, type GraphProto, type NodeProto, toNumber } from "../onnx/proto";

/**
 * What the cutter needs to know about a graph, computed once:
 * - static tensors: initializers, Constant outputs and anything computed only from them (a shard
 *   that needs one recomputes it from a copy of its producers, so it never has to cross a cut);
 * - the element type of every tensor (PP-OCR's export declares no value_info, so we infer it).
 */
export interface GraphFacts {
  graph: GraphProto;
  staticTensors: Set<string>;
  /** Indices (in graph.node) of nodes that compute from the input, in graph order. */
  dynamicNodes: number[];
  producer: Map<string, number>;
  elemType: Map<string, number>;
}

const INT64_OUTPUT = new Set(["Shape", "Size", "NonZero", "ArgMax", "ArgMin", "NonMaxSuppression"]);
const BOOL_OUTPUT = new Set(["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf"]);
// Ops with no inputs that are nevertheless not constants.
const NOT_STATIC = new Set(["RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial"]);

export function graphFacts(graph: GraphProto): GraphFacts {
  const staticTensors = new Set(graph.initializer.map((t) => t.name));
  const elemType = new Map<string, number>();
  for (const t of graph.initializer) elemType.set(t.name, t.dataType);
  for (const v of [...graph.input, ...graph.output, ...graph.valueInfo]) {
    const type = v.type?.tensorType?.elemType;
    if (type) elemType.set(v.name, type);
  }
  const producer = new Map<string, number>();
  const dynamicNodes: number[] = [];
  graph.node.forEach((node, index) => {
    for (const out of node.output) producer.set(out, index);
    const inputs = node.input.filter((name) => name !== "");
    const isStatic = !NOT_STATIC.has(node.opType) && inputs.every((name) => staticTensors.has(name));
    if (isStatic) for (const out of node.output) staticTensors.add(out);
    else dynamicNodes.push(index);
    const type = outputElemType(node, elemType);
    if (type) for (const out of node.output) if (!elemType.has(out)) elemType.set(out, type);
  });
  return { graph, staticTensors, dynamicNodes, producer, elemType };
}

function outputElemType(node: NodeProto, known: Map<string, number>): number | undefined {
  if (node.opType === "Constant") return attributeOf(node, "value")?.t?.dataType;
  if (node.opType === "Cast") return toNumber(attributeOf(node, "to")?.i);
  if (INT64_OUTPUT.has(node.opType)) return ElemType.INT64;
  if (BOOL_OUTPUT.has(node.opType)) return ElemType.BOOL;
  if (node.opType === "ConstantOfShape") return attributeOf(node, "value")?.t?.dataType ?? ElemType.FLOAT;
  if (node.opType === "Where") return known.get(node.input[1]);
  for (const name of node.input) {
    const type = known.get(name);
    if (type) return type;
  }
  return undefined;
}
