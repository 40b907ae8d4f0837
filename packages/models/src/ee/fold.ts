import { boundaryPermutation, type EEKey } from "./key";
import {
  attrInt, constTensor, dimsOf, floatTensor, gatherAxis, nodeLabel, readFloats,
} from "./onnx-graph";
import { ELEMENTWISE } from "./propagate";
import type { Fact, Region } from "./region";

/** One constant input of one node to be reordered along `axis` by the permutation of `term`. */
interface Request {
  node: number;
  input: number;
  axis: number;
  term: number[];
}

function collect(r: Region): Request[] {
  const reqs: Request[] = [];
  const fact = (t: string | undefined): Fact | undefined => (t ? r.facts.get(t) : undefined);
  r.view.nodes.forEach((node, n) => {
    const ins = node.input ?? [];
    const out = fact(node.output?.[0]);
    const a = fact(ins[0]);
    const op = node.opType ?? "";
    const add = (input: number, axis: number, term: number[]) => {
      if (ins[input] && r.view.constants.has(ins[input])) reqs.push({ node: n, input, axis, term });
    };
    const rankOf = (i: number) => dimsOf(constTensor(r.view, ins[i]) ?? {}).length;
    if (op === "Conv") {
      const depthwise = attrInt(node, "group", 1) !== 1;
      if (a && !depthwise) add(1, 1, a.term);
      if (out) {
        add(1, 0, out.term);
        add(2, 0, out.term);
      }
    } else if (op === "MatMul" || op === "Gemm") {
      const transB = op === "Gemm" && attrInt(node, "transB", 0) === 1;
      const rb = rankOf(1);
      if (a?.axis === -1) add(1, transB ? rb - 1 : rb - 2, a.term);
      if (out?.axis === -1) {
        add(1, transB ? rb - 2 : rb - 1, out.term);
        if (op === "Gemm" && ins[2]) {
          const c = dimsOf(constTensor(r.view, ins[2]) ?? {});
          if (c.length > 0 && c[c.length - 1] > 1) add(2, c.length - 1, out.term);
        }
      }
    } else if (op === "BatchNormalization" || op === "InstanceNormalization") {
      if (a && a.axis === -((r.ranks.get(ins[0]) ?? 0) - 1)) for (let i = 1; i < ins.length; i++) add(i, 0, a.term);
    } else if ((ELEMENTWISE.has(op) || op === "Concat") && out) {
      ins.forEach((t, i) => {
        const c = constTensor(r.view, t);
        if (!c) return;
        const d = dimsOf(c);
        const k = d.length + out.axis;
        if (k >= 0 && d[k] > 1) add(i, k, out.term);
      });
    }
  });
  return reqs;
}

/** Channel counts come from the weights that absorb each permutation; solve them, then draw the permutations. */
function materialise(r: Region, reqs: Request[], key: EEKey): Map<number, Int32Array> {
  const size = new Map<number, number>();
  for (const v of r.roots()) {
    const info = r.varInfo(v);
    if (info.fixed) size.set(v, info.fixed.length);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of reqs) {
      const dim = dimsOf(constTensor(r.view, r.view.nodes[q.node].input?.[q.input] ?? "") ?? {})[q.axis];
      const vars = q.term.map((v) => r.find(v));
      const unknown = vars.filter((v) => !size.has(v));
      const known = vars.filter((v) => size.has(v)).reduce((s, v) => s + (size.get(v) ?? 0), 0);
      if (unknown.length === 1 && dim - known > 0) {
        size.set(unknown[0], dim - known);
        changed = true;
      } else if (unknown.length === 0 && known !== dim) {
        throw new Error(`EE: ${nodeLabel(r.view, q.node)} has ${dim} channels where the permuted tensor has ${known}`);
      }
    }
  }
  const perms = new Map<number, Int32Array>();
  for (const v of r.roots()) {
    const info = r.varInfo(v);
    const n = size.get(v);
    if (n === undefined) {
      throw new Error(`EE: cannot tell the channel count of the permutation opened at "${info.label}" (no weight absorbs it); cut elsewhere`);
    }
    perms.set(v, info.fixed ?? boundaryPermutation(key, info.label, n));
  }
  return perms;
}

function termPerm(r: Region, perms: Map<number, Int32Array>, term: number[]): Int32Array {
  const parts = term.map((v) => perms.get(r.find(v)) as Int32Array);
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    for (let j = 0; j < p.length; j++) out[off + j] = off + p[j];
    off += p.length;
  }
  return out;
}

/** Folds every permutation of the region into the constants next to it; reports how many constants changed. */
export function foldRegion(r: Region, key: EEKey, dryRun = false): { changed: number; termPerm: (term: number[]) => Int32Array } {
  const reqs = collect(r);
  const perms = materialise(r, reqs, key);
  const result = { changed: 0, termPerm: (term: number[]) => termPerm(r, perms, term) };
  if (dryRun) return result;
  const byUse = new Map<string, Request[]>();
  for (const q of reqs) {
    const k = `${q.node}/${q.input}`;
    byUse.set(k, [...(byUse.get(k) ?? []), q]);
  }
  const uses = new Map<string, number>();
  for (const node of r.view.nodes) for (const x of node.input ?? []) uses.set(x, (uses.get(x) ?? 0) + 1);
  const graph = r.view.model.graph;
  for (const list of byUse.values()) {
    const { node: n, input: i } = list[0];
    const name = r.view.nodes[n].input?.[i] ?? "";
    const t = constTensor(r.view, name);
    if (!t) continue;
    const dims = dimsOf(t);
    let data = readFloats(t, `"${name}" of ${nodeLabel(r.view, n)}`);
    for (const q of list) data = gatherAxis(data, dims, q.axis, termPerm(r, perms, q.term));
    const shared = (uses.get(name) ?? 0) > 1 || r.view.graphOutputs.has(name);
    const newName = shared ? `${name}__ee_${n}_${i}` : name;
    const tensor = floatTensor(newName, dims, data);
    const ref = r.view.constants.get(name);
    if (shared) {
      // Other uses may need the constant unpermuted (or permuted otherwise): this use gets its own copy, as an
      // initializer so node indices, and so cut plans made on the plaintext model, stay valid.
      graph.initializer.push(tensor);
      (r.view.nodes[n].input as string[])[i] = newName;
    } else if (ref?.kind === "init") graph.initializer[ref.index] = tensor;
    else if (ref?.kind === "node") {
      const attr = r.view.nodes[ref.node].attribute?.find((a) => a.name === "value");
      if (attr) attr.t = tensor;
    }
  }
  // Initializers whose every use got its own copy are dead weight (Constant nodes stay, to keep indices).
  const used = new Set([...r.view.nodes.flatMap((node) => node.input ?? []), ...graph.input.map((v) => v.name)]);
  graph.initializer = graph.initializer.filter((t) => used.has(t.name) || r.view.graphOutputs.has(t.name));
  result.changed = byUse.size;
  return result;
}
