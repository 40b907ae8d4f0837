import type { GraphProto, NodeProto, ValueInfoProto } from "./proto";

/** Nodes that read `tensorName` as an input, in graph order. */
export function consumersOf(graph: GraphProto, tensorName: string): NodeProto[] {
  return graph.node.filter((node) => node.input.includes(tensorName));
}

/** The node that writes `tensorName`, or undefined for graph inputs and initializers. */
export function producerOf(graph: GraphProto, tensorName: string): NodeProto | undefined {
  return graph.node.find((node) => node.output.includes(tensorName));
}

/** Declared type info for a tensor (graph input, output or value_info), if the model has one. */
export function valueInfoOf(graph: GraphProto, tensorName: string): ValueInfoProto | undefined {
  return (
    graph.input.find((v) => v.name === tensorName) ??
    graph.output.find((v) => v.name === tensorName) ??
    graph.valueInfo.find((v) => v.name === tensorName)
  );
}

/** Integer or string attribute helpers: ONNX attributes are looked up by name on each node. */
export function attributeOf(node: NodeProto, name: string) {
  return node.attribute.find((a) => a.name === name);
}

/** Names of graph inputs that are real inputs (older exporters also list initializers as inputs). */
export function realInputs(graph: GraphProto): ValueInfoProto[] {
  const inits = new Set(graph.initializer.map((t) => t.name));
  return graph.input.filter((v) => !inits.has(v.name));
}
