import { realInputs } from "../onnx/graph";
import { cloneModel } from "../onnx/onnx-io";
import { type ModelProto, type NodeProto, type ValueInfoProto, onnx } from "../onnx/proto";
import { type BoundaryTensor, assertSingleInOut } from "./cut-points";
import { graphFacts } from "./graph-facts";
import type { ShardPlan } from "./plan";

/**
 * Cut a model into sequential shards along a plan. Shard i reads the previous cut's tensor (shard 0
 * the model input) and writes the next cut's tensor (the last shard the model output). Each shard is
 * pruned to what its output needs: its own ops, plus copies of the initializers, Constant nodes and
 * constant-only subgraphs they read. Boundary inputs/outputs are declared with their element type.
 * Returned models share nothing with `model`.
 */
export function extractShards(model: ModelProto, plan: Pick<ShardPlan, "cuts">): ModelProto[] {
  const facts = graphFacts(model.graph);
  assertSingleInOut(facts);
  const graph = model.graph;
  const cuts = [...plan.cuts];
  cuts.forEach((cut, i) => {
    if (i > 0 && cut.nodeIndex <= cuts[i - 1].nodeIndex) throw new Error(`extractShards: plan.cuts must be in increasing nodeIndex order (cut ${i})`);
    if (!graph.node[cut.nodeIndex]) throw new Error(`extractShards: cut ${i} points at node ${cut.nodeIndex}, but the graph has ${graph.node.length} nodes`);
  });
  const input = realInputs(graph)[0];
  const output = graph.output[0];
  const starts = [0, ...cuts.map((c) => c.nodeIndex)];
  return starts.map((start, i) => {
    const end = i < cuts.length ? cuts[i].nodeIndex : graph.node.length;
    const inInfo = i === 0 ? input : boundaryInfo(cuts[i - 1].tensor);
    const outInfo = i === cuts.length ? output : boundaryInfo(cuts[i].tensor);
    const nodes = sliceNodes(model, inInfo.name, outInfo.name, start, end, facts.staticTensors, i);
    const used = new Set(nodes.flatMap((n) => [...n.input, ...n.output]));
    const shard = onnx.ModelProto.create({
      irVersion: model.irVersion,
      opsetImport: model.opsetImport,
      producerName: model.producerName,
      producerVersion: model.producerVersion,
      domain: model.domain,
      modelVersion: model.modelVersion,
      metadataProps: [
        ...model.metadataProps,
        { key: "nesa.shard", value: `${i}/${starts.length}` },
      ],
      graph: onnx.GraphProto.create({
        name: `${graph.name || "model"}_shard${i}`,
        node: nodes,
        initializer: graph.initializer.filter((t) => used.has(t.name)),
        input: [inInfo],
        output: [outInfo],
        valueInfo: graph.valueInfo.filter((v) => used.has(v.name) && v.name !== inInfo.name && v.name !== outInfo.name),
      }),
    });
    return cloneModel(shard as unknown as ModelProto);
  });
}

/** Backward slice from `output`, stopping at `input`; every dynamic node reached must lie in [start, end). */
function sliceNodes(
  model: ModelProto,
  input: string,
  output: string,
  start: number,
  end: number,
  staticTensors: Set<string>,
  shard: number,
): NodeProto[] {
  const graph = model.graph;
  const needed = new Set([output]);
  const keep: number[] = [];
  for (let index = graph.node.length - 1; index >= 0; index--) {
    const node = graph.node[index];
    if (!node.output.some((name) => needed.has(name))) continue;
    const isStatic = node.output.every((name) => staticTensors.has(name));
    if (!isStatic && (index < start || index >= end)) {
      throw new Error(
        `extractShards: shard ${shard} needs node ${index} (${node.opType} "${node.name}") from outside its range [${start}, ${end}); the cut is not clean — use cuts from findCutPoints/planShards`,
      );
    }
    keep.push(index);
    for (const name of node.input) if (name !== "" && name !== input) needed.add(name);
  }
  const produced = new Set(keep.flatMap((i) => graph.node[i].output));
  if (!produced.has(output) && output !== input) throw new Error(`extractShards: no node in shard ${shard} produces "${output}"`);
  return keep.reverse().map((i) => graph.node[i]);
}

function boundaryInfo(tensor: BoundaryTensor): ValueInfoProto {
  const shape = tensor.shape ? { dim: tensor.shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } : undefined;
  return onnx.ValueInfoProto.create({
    name: tensor.name,
    type: { tensorType: { elemType: tensor.elemType, ...(shape ? { shape } : {}) } },
  });
}
