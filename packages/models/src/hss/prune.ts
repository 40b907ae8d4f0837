import type { ModelProto } from "../onnx/proto";

/**
 * Drops every node, initializer, graph input and value_info that the graph outputs do not need, so a stage
 * carries only its own weights (the combiner never receives the first layer's weights, for instance).
 */
export function pruneModel(model: ModelProto): ModelProto {
  const graph = model.graph;
  const needed = new Set(graph.output.map((o) => o.name));
  const keep: boolean[] = new Array(graph.node.length).fill(false);
  for (let i = graph.node.length - 1; i >= 0; i--) {
    const n = graph.node[i];
    if (!n.output.some((o) => needed.has(o))) continue;
    keep[i] = true;
    for (const x of n.input) if (x) needed.add(x);
  }
  graph.node = graph.node.filter((_, i) => keep[i]);
  graph.initializer = graph.initializer.filter((t) => needed.has(t.name));
  graph.input = graph.input.filter((v) => needed.has(v.name));
  graph.valueInfo = graph.valueInfo.filter((v) => needed.has(v.name));
  return model;
}
