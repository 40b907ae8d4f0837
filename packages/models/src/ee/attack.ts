import { attrInt, constTensor, dimsOf, type GraphView, type ModelProto, readFloats, viewGraph } from "./onnx-graph";

const LINEAR = new Set(["Conv", "MatMul", "Gemm"]);

export interface WeightMatchResult {
  /** The linear op whose permuted weight the attacker matched. */
  node: string;
  /** recovered[j] = plaintext channel the attacker believes sits at wire position j. */
  recovered: Int32Array;
  /** Slices with more than one identical plaintext twin (their position is a guess among the twins). */
  ambiguous: number;
}

/** Walks from a tensor to the nearest linear op that absorbs its permutation (forward: consumer; back: producer). */
function nearestLinear(view: GraphView, tensor: string, side: "consumer" | "producer"): number {
  const seen = new Set<string>([tensor]);
  const queue = [tensor];
  while (queue.length > 0) {
    const t = queue.shift() as string;
    const next = side === "consumer" ? (view.consumers.get(t) ?? []) : [view.producer.get(t)].filter((x): x is number => x !== undefined);
    for (const n of next) {
      const node = view.nodes[n];
      if (node.opType === "Constant") continue;
      if (LINEAR.has(node.opType ?? "") && view.constants.has(node.input?.[1] ?? "") && attrInt(node, "group", 1) === 1) return n;
      const onward = side === "consumer" ? (node.output ?? []) : (node.input ?? []).filter((x) => !view.constants.has(x));
      for (const o of onward) {
        if (!o || seen.has(o)) continue;
        seen.add(o);
        queue.push(o);
      }
    }
  }
  throw new Error(`attack: no Conv/MatMul/Gemm ${side} found from tensor "${tensor}"`);
}

/** Axis of the weight that the permutation of the given side reorders. */
function weightAxis(view: GraphView, n: number, side: "consumer" | "producer", rank: number): number {
  const node = view.nodes[n];
  if (node.opType === "Conv") return side === "consumer" ? 1 : 0;
  const transB = node.opType === "Gemm" && attrInt(node, "transB", 0) === 1;
  const inAxis = transB ? rank - 1 : rank - 2;
  return side === "consumer" ? inAxis : rank - 1 - (inAxis === rank - 1 ? 1 : 0);
}

function slices(data: Float32Array, dims: number[], axis: number): Float32Array[] {
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = dims[axis];
  return Array.from({ length: n }, (_, j) => {
    const s = new Float32Array(outer * inner);
    for (let o = 0; o < outer; o++) s.set(data.subarray((o * n + j) * inner, (o * n + j + 1) * inner), o * inner);
    return s;
  });
}

/**
 * The attack of a miner who knows the public plaintext weights: take the permuted weight next to a wire tensor
 * in its own shard, and match each slice (its sorted values) to the plaintext slice with the same values, or the
 * closest by L2. Recovers the secret permutation wherever slices are distinct — for weights folded by a pure
 * permutation, that is nearly everywhere.
 */
export function weightMatchAttack(plain: ModelProto, ee: ModelProto, tensor: string, side: "consumer" | "producer"): WeightMatchResult {
  const pv = viewGraph(plain);
  const ev = viewGraph(ee);
  const n = nearestLinear(ev, tensor, side);
  const wName = ev.nodes[n].input?.[1] ?? "";
  const pNode = pv.nodes.findIndex((x) => x.name === ev.nodes[n].name && x.opType === ev.nodes[n].opType);
  const pName = pv.nodes[pNode]?.input?.[1] ?? wName;
  const we = constTensor(ev, wName);
  const wp = constTensor(pv, pName);
  if (!we || !wp) throw new Error(`attack: weight "${wName}" not found in both models`);
  const dims = dimsOf(we);
  const axis = weightAxis(ev, n, side, dims.length);
  // Sorted values: invariant to whatever permutation the other axes got (e.g. a second boundary on the outputs).
  const sig = (x: Float32Array) => x.sort();
  const eSlices = slices(readFloats(we, wName), dims, axis).map(sig);
  const pSlices = slices(readFloats(wp, pName), dimsOf(wp), axis).map(sig);
  const exact = new Map<string, number[]>();
  const hash = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");
  pSlices.forEach((ps, i) => {
    exact.set(hash(ps), [...(exact.get(hash(ps)) ?? []), i]);
  });
  const recovered = new Int32Array(eSlices.length);
  let ambiguous = 0;
  eSlices.forEach((es, j) => {
    const hits = exact.get(hash(es));
    if (hits) {
      recovered[j] = hits[0];
      if (hits.length > 1) ambiguous++;
      return;
    }
    let best = Number.POSITIVE_INFINITY; // no exact twin (e.g. rescaled weights): nearest by L2
    pSlices.forEach((ps, i) => {
      let d = 0;
      for (let k = 0; k < ps.length && d < best; k++) d += (es[k] - ps[k]) ** 2;
      if (d < best) [best, recovered[j]] = [d, i];
    });
  });
  return { node: `${ev.nodes[n].opType} node "${ev.nodes[n].name}"`, recovered, ambiguous };
}

/** Fraction of positions where the recovered permutation equals the true one. */
export function recoveredFraction(recovered: Int32Array, truth: ArrayLike<number>): number {
  let hit = 0;
  for (let j = 0; j < recovered.length; j++) if (recovered[j] === truth[j]) hit++;
  return hit / recovered.length;
}
