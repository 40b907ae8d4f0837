import { attrInt, type GraphView, nodeLabel } from "./onnx-graph";
import { propagate } from "./propagate";

/** Which axis of a tensor is permuted (negative, counted from the end, so broadcasting lines up) and by what. */
export interface Fact {
  /** Permutation variables, concatenated along the axis (more than one only after a Concat on that axis). */
  term: number[];
  axis: number;
}

interface PermVar {
  parent: number;
  label: string;
  fixed?: Int32Array;
  size?: number;
}

/**
 * The set of tensors that carry a secret permutation, grown from the seeds (shard boundaries, the output, the
 * input) through ops that commute with a channel permutation, until linear ops absorb it into their weights.
 */
export class Region {
  readonly facts = new Map<string, Fact>();
  readonly invariant = new Set<string>();
  private readonly vars: PermVar[] = [];
  private readonly queue: string[] = [];

  constructor(
    readonly view: GraphView,
    readonly ranks: Map<string, number>,
  ) {}

  find(v: number): number {
    let r = v;
    while (this.vars[r].parent !== r) r = this.vars[r].parent;
    this.vars[v].parent = r;
    return r;
  }

  varInfo(v: number): PermVar {
    return this.vars[this.find(v)];
  }

  freshVar(label: string, fixed?: Int32Array): number {
    const id = this.vars.length;
    this.vars.push({ parent: id, label, fixed, size: fixed?.length });
    return id;
  }

  private union(a: number, b: number, where: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const va = this.vars[ra];
    const vb = this.vars[rb];
    if (va.fixed && vb.fixed) {
      throw new Error(`EE: ${where} would join two different fixed permutations (${va.label}, ${vb.label}); choose other cut tensors`);
    }
    // The fixed one (input / class permutation) wins; otherwise the older variable, so labels are deterministic.
    const [root, child] = vb.fixed || (!va.fixed && rb < ra) ? [rb, ra] : [ra, rb];
    this.vars[child].parent = root;
  }

  rank(t: string, why: string): number {
    const r = this.ranks.get(t);
    if (r === undefined) throw new Error(`EE: cannot infer the rank of tensor "${t}" (${why}); cut elsewhere`);
    return r;
  }

  /** A new term for a tensor entering the region; a Concat on the permuted axis gets one variable per input. */
  freshTerm(t: string, axis: number): number[] {
    const p = this.view.producer.get(t);
    const n = p === undefined ? undefined : this.view.nodes[p];
    if (n?.opType === "Concat") {
      const r = this.rank(t, "Concat output");
      const cat = attrInt(n, "axis", 0);
      if ((cat < 0 ? cat + r : cat) === r + axis) {
        const term: number[] = [];
        for (const x of n.input ?? []) {
          if (this.view.constants.has(x)) throw new Error(`EE: ${nodeLabel(this.view, p ?? 0)} concatenates a constant on a permuted axis`);
          const have = this.facts.get(x);
          const sub = have ? have.term : this.freshTerm(x, axis);
          if (!have) this.assign(x, { term: sub, axis }, "Concat input");
          term.push(...sub);
        }
        return term;
      }
    }
    return [this.freshVar(t)];
  }

  /** Seeds a tensor: its own fresh permutation, or the fixed one given (classes, input features). */
  seed(t: string, axis: number, fixed?: Int32Array): void {
    const term = fixed ? [this.freshVar(t, fixed)] : this.freshTerm(t, axis);
    this.assign(t, { term, axis }, "seed");
  }

  assign(t: string, fact: Fact, where: string): void {
    const have = this.facts.get(t);
    if (!have) {
      this.facts.set(t, { term: [...fact.term], axis: fact.axis });
      this.queue.push(t);
      return;
    }
    if (have.axis !== fact.axis) {
      throw new Error(`EE: tensor "${t}" would be permuted on two different axes (${have.axis}, ${fact.axis}) at ${where}`);
    }
    if (have.term.length !== fact.term.length) {
      throw new Error(`EE: tensor "${t}" gets two incompatible channel groupings at ${where} (a Concat on the permuted axis); cut elsewhere`);
    }
    have.term.forEach((v, i) => {
      this.union(v, fact.term[i], where);
    });
  }

  /** Grows the region to its fixed point, then checks it neither leaks to the input nor the output unkeyed. */
  run(): void {
    while (this.queue.length > 0) {
      const t = this.queue.shift() as string;
      const p = this.view.producer.get(t);
      if (p !== undefined && this.view.nodes[p].opType !== "Constant") propagate(this, p, t);
      for (const c of this.view.consumers.get(t) ?? []) propagate(this, c, t);
    }
    for (const [t, fact] of this.facts) {
      const edge = this.view.graphInputs.has(t) ? "input" : this.view.graphOutputs.has(t) ? "output" : undefined;
      if (!edge) continue;
      for (const v of fact.term) {
        if (!this.varInfo(v).fixed) {
          throw new Error(
            `EE: the secret permutation opened at "${this.varInfo(v).label}" reaches the graph ${edge} "${t}" without being absorbed by a linear op; cut after a Conv/MatMul/Gemm instead`,
          );
        }
      }
    }
  }

  /** All distinct root variables used by the region. */
  roots(): number[] {
    const out = new Set<number>();
    for (const f of this.facts.values()) for (const v of f.term) out.add(this.find(v));
    return [...out].sort((a, b) => a - b);
  }
}
