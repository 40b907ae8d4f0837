import { foldRegion } from "./fold";
import { findFirstLinear } from "./first-linear";
import { type EEKey, validateEEKey } from "./key";
import { cloneModel, type GraphView, type ModelProto, viewGraph } from "./onnx-graph";
import { inferRanks } from "./ranks";
import { Region } from "./region";

export interface ApplyEEOptions {
  /** Tensors at which the model will be cut into shards (what crosses the network between miners). */
  cutTensors: string[];
  /** Also permute the first linear op's output, which crosses the network in HSS-EE (share stage → combiner). */
  hss?: boolean;
}

export interface EEReport {
  /** Permuted axis (negative, from the end) of every cut tensor, as it travels on the wire. */
  cutAxes: Record<string, number>;
  /** The secret permutation each cut tensor carries on the wire (slice j = plaintext slice perm[j]). */
  cutPermutations: Record<string, Int32Array>;
  /** Number of constant tensors rewritten. */
  constantsChanged: number;
}

// Channel axis candidates by rank, most likely first: NCHW feature maps, then [N, T, C] / [N, C, T] sequences.
const CANDIDATES: Record<number, number[]> = { 1: [-1], 2: [-1], 3: [-1, -2], 4: [-3], 5: [-4] };

function buildRegion(view: GraphView, ranks: Map<string, number>, key: EEKey, cuts: [string, number][]): Region {
  const region = new Region(view, ranks);
  const outputs = [...view.graphOutputs];
  if (outputs.length !== 1) throw new Error(`EE: expected one graph output, found ${outputs.length}`);
  // One class = a map output (e.g. a detector's [N, 1, H, W] probability map): nothing to permute there; only the
  // cut tensors carry secret permutations.
  if (key.classPerm.length > 1) region.seed(outputs[0], -1, Int32Array.from(key.classPerm));
  if (key.inputPerm) {
    const inputs = [...view.graphInputs];
    if (inputs.length !== 1) throw new Error(`EE: ${key.modelId} expects one graph input, found ${inputs.length}`);
    region.seed(inputs[0], -1, Int32Array.from(key.inputPerm));
  }
  for (const [t, axis] of cuts) if (!region.facts.has(t)) region.seed(t, axis);
  region.run();
  return region;
}

/**
 * Transforms the unsplit model into its EE variant: output classes (and lande's input features) permuted by the
 * key, and the channels of every cut tensor permuted by a secret permutation folded into the weights on both
 * sides. Tensor names are kept, so cutting the result at the same tensors yields the EE shards. The op list is
 * unchanged (same cost); only constants differ.
 */
export function applyEE(model: ModelProto, options: ApplyEEOptions, key: EEKey): ModelProto {
  return applyEEWithReport(model, options, key).model;
}

export function applyEEWithReport(model: ModelProto, options: ApplyEEOptions, key: EEKey): { model: ModelProto; report: EEReport } {
  validateEEKey(key);
  const out = cloneModel(model);
  const view = viewGraph(out);
  const ranks = inferRanks(view);
  const cuts = [...options.cutTensors];
  if (options.hss) cuts.push(findFirstLinear(view).output);
  const chosen: [string, number][] = [];
  for (const t of cuts) {
    if (!view.producer.has(t) && !view.graphInputs.has(t)) throw new Error(`EE: cut tensor "${t}" is not in the graph`);
    if (view.graphInputs.has(t) || view.graphOutputs.has(t)) continue; // covered by the input / class permutation
    const rank = ranks.get(t);
    if (rank === undefined) throw new Error(`EE: cannot infer the rank of cut tensor "${t}"`);
    const errors: string[] = [];
    let ok = false;
    for (const axis of CANDIDATES[rank] ?? [-1]) {
      try {
        const trial = buildRegion(view, ranks, key, [...chosen, [t, axis]]);
        foldRegion(trial, key, true);
        chosen.push([t, axis]);
        ok = true;
        break;
      } catch (e) {
        errors.push(`axis ${axis}: ${(e as Error).message}`);
      }
    }
    if (!ok) throw new Error(`EE: cannot permute cut tensor "${t}":\n  ${errors.join("\n  ")}`);
  }
  const region = buildRegion(view, ranks, key, chosen);
  const folded = foldRegion(region, key);
  const cutPermutations: Record<string, Int32Array> = {};
  for (const [t] of chosen) cutPermutations[t] = folded.termPerm(region.facts.get(t)?.term ?? []);
  return { model: out, report: { cutAxes: Object.fromEntries(chosen), cutPermutations, constantsChanged: folded.changed } };
}

/** Whether EE can fold a permutation at one cut tensor, and if not, why (the node, op and tensor that refuse it). */
export interface EECutCheck {
  tensor: string;
  ok: boolean;
  /** The axis that works, when ok. */
  axis?: number;
  reason?: string;
}

/**
 * Tries every candidate cut tensor alone with the key's output (and input) permutation, without changing the model:
 * what `prepare --onnx --ee` plans over, and what its errors suggest. Throws when EE cannot be applied even with no
 * cut (the output or input permutation itself does not fold).
 * @example checkEECuts(model, findCutPoints(model).map((c) => c.tensor.name), key).filter((c) => c.ok)
 */
export function checkEECuts(model: ModelProto, tensors: string[], key: EEKey): EECutCheck[] {
  validateEEKey(key);
  const view = viewGraph(cloneModel(model));
  const ranks = inferRanks(view);
  foldRegion(buildRegion(view, ranks, key, []), key, true);
  return tensors.map((t) => {
    const rank = ranks.get(t);
    if (rank === undefined) return { tensor: t, ok: false, reason: `EE: cannot infer the rank of "${t}"` };
    const reasons: string[] = [];
    for (const axis of CANDIDATES[rank] ?? [-1]) {
      try {
        foldRegion(buildRegion(view, ranks, key, [[t, axis]]), key, true);
        return { tensor: t, ok: true, axis };
      } catch (e) {
        reasons.push(`axis ${axis}: ${(e as Error).message}`);
      }
    }
    return { tensor: t, ok: false, reason: reasons.join("; ") };
  });
}
