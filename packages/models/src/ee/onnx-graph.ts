import { cloneModel, loadOnnx, saveOnnx } from "../onnx/onnx-io";
import { type ModelProto, type NodeProto, onnx, type TensorProto } from "../onnx/proto";

export { cloneModel, loadOnnx, type ModelProto, type NodeProto, onnx, saveOnnx, type TensorProto };

const FLOAT = 1;

/** Where a constant tensor lives: a `Constant` node's `value` attribute or a graph initializer. */
export type ConstRef = { kind: "node"; node: number } | { kind: "init"; index: number };

/** Index of one graph: who produces and who consumes each tensor, and which tensors are constants. */
export interface GraphView {
  model: ModelProto;
  nodes: NodeProto[];
  producer: Map<string, number>;
  consumers: Map<string, number[]>;
  constants: Map<string, ConstRef>;
  graphInputs: Set<string>;
  graphOutputs: Set<string>;
}

export function viewGraph(model: ModelProto): GraphView {
  const graph = model.graph;
  if (!graph) throw new Error("EE: the model has no graph");
  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  const constants = new Map<string, ConstRef>();
  (graph.initializer ?? []).forEach((t, index) => {
    constants.set(t.name ?? "", { kind: "init", index });
  });
  nodes.forEach((n, i) => {
    for (const o of n.output ?? []) producer.set(o, i);
    if (n.opType === "Constant") constants.set(n.output?.[0] ?? "", { kind: "node", node: i });
    for (const x of n.input ?? []) {
      if (x === "") continue;
      const list = consumers.get(x) ?? [];
      list.push(i);
      consumers.set(x, list);
    }
  });
  const initNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const graphInputs = new Set((graph.input ?? []).map((v) => v.name ?? "").filter((n) => !initNames.has(n)));
  const graphOutputs = new Set((graph.output ?? []).map((v) => v.name ?? ""));
  return { model, nodes, producer, consumers, constants, graphInputs, graphOutputs };
}

export function nodeLabel(view: GraphView, index: number): string {
  const n = view.nodes[index];
  return `${n.opType} node "${n.name || n.output?.[0] || `#${index}`}"`;
}

export function constTensor(view: GraphView, name: string): TensorProto | undefined {
  const ref = view.constants.get(name);
  if (!ref) return undefined;
  if (ref.kind === "init") return view.model.graph?.initializer?.[ref.index];
  const attr = view.nodes[ref.node].attribute?.find((a) => a.name === "value");
  return attr?.t ?? undefined;
}

/** protobufjs hands 64-bit ints back as Long objects when the `long` package is present. */
export function toNum(x: unknown): number {
  if (typeof x === "number") return x;
  if (x && typeof (x as { toNumber?: unknown }).toNumber === "function") return (x as { toNumber(): number }).toNumber();
  return Number(x);
}

export const dimsOf = (t: { dims?: unknown[] | null }): number[] => (t.dims ?? []).map(toNum);

export function readFloats(t: TensorProto, what: string): Float32Array {
  if (t.dataType !== FLOAT) throw new Error(`EE: constant ${what} is not float32 (data type ${t.dataType})`);
  if (t.rawData && t.rawData.length > 0) {
    const copy = new Uint8Array(t.rawData); // aligned copy: rawData may sit at any offset of the file buffer
    return new Float32Array(copy.buffer, 0, copy.length / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

export function floatTensor(name: string, dims: number[], data: Float32Array): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  });
}

/** Reorders `data` (shape `dims`) along `axis` so that slice j of the result is slice perm[j] of the input. */
export function gatherAxis(data: Float32Array, dims: number[], axis: number, perm: Int32Array): Float32Array {
  if (dims[axis] !== perm.length) {
    throw new Error(`EE: permutation of size ${perm.length} does not fit axis ${axis} of shape [${dims}]`);
  }
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = dims[axis];
  const out = new Float32Array(data.length);
  if (inner === 1) {
    // The last axis (class scores, features): plain indexing beats a subarray per element by ~50×.
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      for (let j = 0; j < n; j++) out[base + j] = data[base + perm[j]];
    }
    return out;
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * n + perm[j]) * inner;
      out.set(data.subarray(src, src + inner), (o * n + j) * inner);
    }
  }
  return out;
}

export function attrInt(n: NodeProto, name: string, fallback: number): number {
  const a = n.attribute?.find((x) => x.name === name);
  return a?.i === undefined || a.i === null ? fallback : toNum(a.i);
}

export function attrInts(n: NodeProto, name: string): number[] | undefined {
  const a = n.attribute?.find((x) => x.name === name);
  return a?.ints && a.ints.length > 0 ? a.ints.map(toNum) : undefined;
}
