import { realInputs } from "../onnx/graph";
import { ElemType, type ModelProto, toNumber } from "../onnx/proto";
import { type GraphFacts, graphFacts } from "./graph-facts";

export interface BoundaryTensor {
  name: string;
  /** ONNX element type code (1 = float32). */
  elemType: number;
  /** Declared shape if the model has value_info for it: numbers, or strings for symbolic dims. */
  shape?: (number | string)[];
}

/** A clean place to cut: before graph node `nodeIndex`, exactly one tensor crosses. */
export interface CutPoint {
  nodeIndex: number;
  tensor: BoundaryTensor;
}

/**
 * Every clean cut point of a single-input, single-output model, in graph order. A cut before node k
 * is clean when exactly one non-static float32 tensor is produced before k (or is the graph input)
 * and read at or after k (or is the graph output). Static tensors (weights, Constant outputs, and
 * what is computed only from them) never count: each shard carries its own copy.
 */
export function findCutPoints(model: ModelProto): CutPoint[] {
  return findCutPointsWith(graphFacts(model.graph));
}

export function findCutPointsWith(facts: GraphFacts): CutPoint[] {
  const { graph, dynamicNodes, staticTensors } = facts;
  assertSingleInOut(facts);
  const inputName = realInputs(graph)[0].name;
  const outputName = graph.output[0].name;
  // Positions index the dynamic-node order: a tensor crosses cut p (before dynamic
  // node p) when produced at a position < p and last read at a position >= p.
  const count = dynamicNodes.length;
  const born = new Map<string, number>([[inputName, -1]]);
  const lastUse = new Map<string, number>([[outputName, count]]);
  dynamicNodes.forEach((nodeIndex, p) => {
    const node = graph.node[nodeIndex];
    for (const name of node.input) {
      if (name === "" || staticTensors.has(name)) continue;
      lastUse.set(name, Math.max(lastUse.get(name) ?? -1, p));
    }
    for (const name of node.output) if (name !== "") born.set(name, p);
  });
  // One sweep over difference arrays: the number of crossing tensors per cut, and the sum of their
  // ids, which names the crossing tensor when exactly one crosses.
  const delta = new Int32Array(count + 2);
  const idDelta = new Float64Array(count + 2);
  const names: string[] = [];
  for (const [name, from] of born) {
    const to = lastUse.get(name);
    if (to === undefined || to <= from) continue;
    const id = names.push(name);
    delta[from + 1] += 1;
    delta[to + 1] -= 1;
    idDelta[from + 1] += id;
    idDelta[to + 1] -= id;
  }
  const cuts: CutPoint[] = [];
  let crossing = 0;
  let idSum = 0;
  for (let p = 0; p <= count; p++) {
    crossing += delta[p];
    idSum += idDelta[p];
    if (p === 0 || p === count || crossing !== 1) continue;
    const name = names[idSum - 1];
    const elemType = facts.elemType.get(name);
    if (name === inputName || elemType !== ElemType.FLOAT) continue;
    const tensor: BoundaryTensor = { name, elemType };
    const shape = declaredShape(facts, name);
    if (shape) tensor.shape = shape;
    cuts.push({ nodeIndex: dynamicNodes[p], tensor });
  }
  return cuts;
}

export function assertSingleInOut(facts: GraphFacts): void {
  const inputs = realInputs(facts.graph);
  if (inputs.length !== 1 || facts.graph.output.length !== 1) {
    throw new Error(
      `sequential sharding needs one graph input and one output; this graph has inputs [${inputs.map((v) => v.name)}] and outputs [${facts.graph.output.map((v) => v.name)}]`,
    );
  }
}

export function declaredShape(facts: GraphFacts, name: string): (number | string)[] | undefined {
  const info = [...facts.graph.input, ...facts.graph.output, ...facts.graph.valueInfo].find((v) => v.name === name);
  const dims = info?.type?.tensorType?.shape?.dim;
  if (!dims) return undefined;
  return dims.map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? toNumber(d.dimValue) : "?"));
}
