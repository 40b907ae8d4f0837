import type { ModelProto } from "../onnx/proto";
import { tensorByteSize } from "../onnx/tensors";
import { attributeOf } from "../onnx/graph";
import { type CutPoint, findCutPointsWith } from "./cut-points";
import { type GraphFacts, graphFacts } from "./graph-facts";

export type Balance = "bytes" | "ops";

export interface ShardPlan {
  cuts: CutPoint[];
  balance: Balance;
  /** Estimated cost of each shard: weight bytes or operation count. */
  costs: number[];
}

/**
 * Choose S − 1 clean cut points so the shards are as even as possible, by weight bytes (what a
 * miner downloads and holds) or by operation count (a proxy for compute). Minimizes the sum of
 * squared shard costs with dynamic programming over the clean cut points.
 * @example planShards(loadOnnx(modelPath("ocr-rec")), 3, { balance: "bytes" })
 */
export function planShards(model: ModelProto, shards: number, options: { balance?: Balance; accept?: (cut: CutPoint) => boolean } = {}): ShardPlan {
  const balance = options.balance ?? "bytes";
  if (balance !== "bytes" && balance !== "ops") throw new Error(`planShards: balance must be "bytes" or "ops", got "${balance}"`);
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`planShards: shards must be a positive integer, got ${shards}`);
  const facts = graphFacts(model.graph);
  const accept = options.accept;
  const candidates = accept ? findCutPointsWith(facts).filter(accept) : findCutPointsWith(facts);
  if (shards - 1 > candidates.length) {
    throw new Error(`planShards: this model has ${candidates.length} ${accept ? "usable" : "clean"} cut points, so at most ${candidates.length + 1} shards; asked for ${shards}`);
  }
  const nodeCost = balance === "ops" ? facts.dynamicNodes.map(() => 1) : weightBytesPerNode(facts);
  const prefix = [0];
  for (const c of nodeCost) prefix.push(prefix[prefix.length - 1] + c);
  const position = new Map(facts.dynamicNodes.map((nodeIndex, p) => [nodeIndex, p]));
  // Boundaries in dynamic-node positions: 0, the chosen cuts, then the end.
  const points = candidates.map((c) => position.get(c.nodeIndex) ?? -1);
  const chosen = chooseCuts(points, prefix, shards - 1);
  const cuts = chosen.map((i) => candidates[i]);
  const bounds = [0, ...chosen.map((i) => points[i]), facts.dynamicNodes.length];
  const costs = bounds.slice(1).map((b, i) => prefix[b] - prefix[bounds[i]]);
  return { cuts, balance, costs };
}

/** Pick k of the candidate positions minimizing Σ (segment cost)². O(k · m²), m ≈ 200 here. */
function chooseCuts(points: number[], prefix: number[], k: number): number[] {
  if (k === 0) return [];
  const m = points.length;
  const end = prefix.length - 1;
  const seg = (a: number, b: number) => (prefix[b] - prefix[a]) ** 2;
  // best[j][i]: least cost of the segments before candidate i when it is the (j+1)-th cut.
  const best: number[][] = [points.map((p) => seg(0, p))];
  const from: number[][] = [points.map(() => -1)];
  for (let j = 1; j < k; j++) {
    best.push(new Array(m).fill(Number.POSITIVE_INFINITY));
    from.push(new Array(m).fill(-1));
    for (let i = j; i < m; i++) {
      for (let h = j - 1; h < i; h++) {
        const cost = best[j - 1][h] + seg(points[h], points[i]);
        if (cost < best[j][i]) {
          best[j][i] = cost;
          from[j][i] = h;
        }
      }
    }
  }
  let last = -1;
  let total = Number.POSITIVE_INFINITY;
  for (let i = k - 1; i < m; i++) {
    const cost = best[k - 1][i] + seg(points[i], end);
    if (cost < total) {
      total = cost;
      last = i;
    }
  }
  const picked = [last];
  for (let j = k - 1; j > 0; j--) picked.unshift(from[j][picked[0]]);
  return picked;
}

/** Bytes of constant data each dynamic node pulls in, each constant counted at its first user. */
function weightBytesPerNode(facts: GraphFacts): number[] {
  const { graph, staticTensors, producer } = facts;
  const initBytes = new Map(graph.initializer.map((t) => [t.name, tensorByteSize(t)]));
  const counted = new Set<string>();
  const bytesOf = (name: string): number => {
    if (counted.has(name) || !staticTensors.has(name)) return 0;
    counted.add(name);
    const init = initBytes.get(name);
    if (init !== undefined) return init;
    const index = producer.get(name);
    if (index === undefined) return 0;
    const node = graph.node[index];
    const value = attributeOf(node, "value")?.t;
    let total = value ? tensorByteSize(value) : 0;
    for (const input of node.input) total += bytesOf(input);
    return total;
  };
  return facts.dynamicNodes.map((index) => graph.node[index].input.reduce((sum, name) => sum + bytesOf(name), 0));
}
