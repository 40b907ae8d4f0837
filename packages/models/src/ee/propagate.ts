import { attrInt, attrInts, constTensor, dimsOf, nodeLabel } from "./onnx-graph";
import type { Fact, Region } from "./region";

/** Ops that act on each element (or broadcast pairs of elements): a channel permutation passes straight through. */
export const ELEMENTWISE = new Set([
  "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where", "PRelu",
  "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Clip", "Sqrt", "Exp", "Log", "Neg", "Abs",
  "Erf", "Cast", "Identity", "Dropout", "Softplus", "Elu", "Selu", "Reciprocal", "Floor", "Ceil", "Round", "Sign",
  // Softmax over a permuted axis is the permuted softmax; over any other axis it is per-element in ours.
  "Softmax", "LogSoftmax",
]);
const POOLS = new Set(["AveragePool", "MaxPool", "GlobalAveragePool", "GlobalMaxPool", "LpPool"]);

export const SUPPORTED_OPS = [
  ...ELEMENTWISE, ...POOLS, "Conv (group 1 or depthwise)", "MatMul (constant right operand)", "Gemm (constant B)",
  "BatchNormalization", "InstanceNormalization", "Reduce* (keepdims, or over the permuted axis)", "Transpose",
  "Squeeze", "Unsqueeze", "Concat", "Shape",
];

function unsupported(r: Region, n: number, entry: string, why: string): never {
  throw new Error(
    `EE: ${nodeLabel(r.view, n)} cannot carry the permutation of tensor "${entry}": ${why}. ` +
      `Supported around a cut: ${SUPPORTED_OPS.join(", ")}. Choose a cut tensor whose neighbours are supported.`,
  );
}

const norm = (a: number, rank: number): number => (a < 0 ? a + rank : a);

/** Tensors that are the same whichever order the channels come in (a mean over them, or functions of it). */
function isInvariant(r: Region, t: string, depth = 0): boolean {
  if (r.invariant.has(t)) return true;
  if (r.view.constants.has(t) || depth > 32) return r.view.constants.has(t);
  const p = r.view.producer.get(t);
  if (p === undefined) return false;
  const n = r.view.nodes[p];
  if (n.opType === "Shape") return true;
  if (!ELEMENTWISE.has(n.opType ?? "")) return false;
  const ok = (n.input ?? []).every((x) => x === "" || isInvariant(r, x, depth + 1));
  if (ok) r.invariant.add(t);
  return ok;
}

export function propagate(r: Region, n: number, entry: string): void {
  const node = r.view.nodes[n];
  const op = node.opType ?? "";
  const f = r.facts.get(entry) as Fact;
  const ins = node.input ?? [];
  const out = node.output?.[0] ?? "";
  const isInput = ins.includes(entry);
  const same = (t: string, axis = f.axis) => r.assign(t, { term: f.term, axis }, nodeLabel(r.view, n));

  if (ELEMENTWISE.has(op)) {
    for (const t of [out, ...ins]) {
      if (t === "" || t === entry || r.view.constants.has(t)) continue;
      const rt = r.ranks.get(t);
      if ((rt !== undefined && rt < -f.axis) || isInvariant(r, t)) continue; // broadcast along the permuted axis
      same(t);
    }
    return;
  }
  if (op === "BatchNormalization" || op === "InstanceNormalization") {
    if (op === "InstanceNormalization" && norm(f.axis, r.rank(ins[0], op)) !== 1) unsupported(r, n, entry, "permuted axis is not the channel axis");
    same(isInput ? out : ins[0]);
    return;
  }
  if (POOLS.has(op)) {
    if (norm(f.axis, r.rank(ins[0], op)) > 1) unsupported(r, n, entry, "pooling over the permuted axis");
    same(isInput ? out : ins[0]);
    return;
  }
  if (op === "Conv") {
    const w = constTensor(r.view, ins[1]);
    if (!w) unsupported(r, n, entry, "its weight is not a constant");
    const wd = dimsOf(w);
    if (f.axis !== -(wd.length - 1)) unsupported(r, n, entry, "the permuted axis is not the channel axis");
    const group = attrInt(node, "group", 1);
    if (group === 1) return; // absorbed: the weight's input or output channels get permuted
    if (group === wd[0] && wd[1] === 1) {
      same(isInput ? out : ins[0]); // depthwise: channel c → channel c
      return;
    }
    unsupported(r, n, entry, `grouped convolution (group ${group}) mixes channel blocks`);
  }
  if (op === "MatMul" || op === "Gemm") {
    if (op === "Gemm" && attrInt(node, "transA", 0) !== 0) unsupported(r, n, entry, "transA=1");
    if (!r.view.constants.has(ins[1])) unsupported(r, n, entry, "the right operand is not a constant (activation × activation)");
    if (entry === ins[1]) unsupported(r, n, entry, "the permuted tensor is the right operand");
    if (f.axis === -1) return; // absorbed into the rows (input) or columns (output) of the constant operand
    if (op === "Gemm" && f.axis !== -2) unsupported(r, n, entry, "Gemm operands are 2-D");
    same(isInput ? out : ins[0]); // a permutation of rows or batch entries passes through
    return;
  }
  if (op.startsWith("Reduce")) {
    if (ins[1]) unsupported(r, n, entry, "axes given as an input (ReduceSum at opset ≥ 13) are not supported");
    const rank = r.rank(ins[0], op);
    const axes = (attrInts(node, "axes") ?? [...Array(rank).keys()]).map((a) => norm(a, rank));
    const keep = attrInt(node, "keepdims", 1) === 1;
    if (isInput && axes.includes(norm(f.axis, rank))) {
      r.invariant.add(out);
      return;
    }
    if (!keep) unsupported(r, n, entry, "keepdims=0 moves the permuted axis");
    same(isInput ? out : ins[0]);
    return;
  }
  if (op === "Transpose") {
    const rank = r.rank(ins[0], op);
    const perm = attrInts(node, "perm") ?? [...Array(rank).keys()].reverse();
    const p = norm(f.axis, rank);
    if (isInput) same(out, perm.indexOf(p) - rank);
    else same(ins[0], perm[p] - rank);
    return;
  }
  if (op === "Squeeze" || op === "Unsqueeze") {
    const axes = attrInts(node, "axes");
    if (!axes) unsupported(r, n, entry, "axes given as an input (opset ≥ 13) are not supported");
    const squeeze = op === "Squeeze";
    const rin = r.rank(ins[0], op);
    const rout = squeeze ? rin - axes.length : rin + axes.length;
    const big = squeeze ? rin : rout; // the side that has the extra unit axes
    const unit = axes.map((a) => norm(a, big));
    const bigSide = squeeze === isInput;
    const p = norm(f.axis, bigSide ? big : Math.min(rin, rout));
    if (bigSide) {
      if (unit.includes(p)) unsupported(r, n, entry, "the permuted axis is squeezed");
      const q = p - unit.filter((u) => u < p).length;
      same(isInput ? out : ins[0], q - Math.min(rin, rout));
    } else {
      const kept = [...Array(big).keys()].filter((i) => !unit.includes(i));
      same(isInput ? out : ins[0], kept[p] - big);
    }
    return;
  }
  if (op === "Concat") {
    const rank = r.rank(out, op);
    if (norm(attrInt(node, "axis", 0), rank) !== norm(f.axis, rank)) {
      for (const t of [out, ...ins]) if (t !== entry && !r.view.constants.has(t)) same(t);
      return;
    }
    if (!isInput && !ins.every((t) => r.facts.has(t))) {
      unsupported(r, n, entry, "a permutation cannot be split back across the Concat inputs");
    }
    const term: number[] = [];
    for (const t of ins) {
      if (r.view.constants.has(t)) unsupported(r, n, entry, "a constant is concatenated on the permuted axis");
      if (!r.facts.has(t)) r.assign(t, { term: r.freshTerm(t, f.axis), axis: f.axis }, nodeLabel(r.view, n));
      term.push(...(r.facts.get(t) as Fact).term);
    }
    r.assign(out, { term, axis: f.axis }, nodeLabel(r.view, n));
    return;
  }
  if (op === "Shape") return; // the shape of a permuted tensor is the same shape
  unsupported(r, n, entry, `op ${op} is not permutation-equivariant in a way EE can fold`);
}
