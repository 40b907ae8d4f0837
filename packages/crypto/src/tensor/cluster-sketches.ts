// Groups the revealed sketches of one shard position into agreeing clusters and names the majority, if any.
// Deterministic for the chain: entries are taken in canonical id order whatever order they arrive in.
import { describe } from "../util/assert";
import { compareUtf8 } from "../util/bytes";
import { sketchesAgree, validateSketch } from "./sketch-compare";

export type SketchEntry = { id: string; sketch: readonly bigint[] };
export type SketchClusters = {
  /** The ids of the cluster holding more than half of all entries; undefined when no cluster does. */
  majority: string[] | undefined;
  /** Every cluster, in order of its first member; members in canonical (UTF-8 byte) id order. */
  clusters: string[][];
};

/**
 * Each entry, in canonical id order, joins the first cluster whose first member it agrees with, else starts a
 * new cluster. Agreement within a tolerance is not transitive; anchoring on the first member keeps every
 * cluster within one tolerance of a single representative and makes the result independent of input order.
 */
export function clusterSketches(
  entries: readonly SketchEntry[],
  toleranceMicros: bigint,
  exact: boolean,
): SketchClusters {
  if (!Array.isArray(entries)) throw new TypeError(`entries: expected an array, got ${describe(entries)}`);
  const sorted = [...entries].sort((x, y) => compareUtf8(x.id, y.id));
  for (const [i, e] of sorted.entries()) {
    if (typeof e?.id !== "string" || e.id.length === 0) throw new TypeError("entries: every id must be a non-empty string");
    if (i > 0 && sorted[i - 1].id === e.id) throw new Error(`entries: duplicate id ${JSON.stringify(e.id)}`);
    validateSketch(e.sketch, `entries[${JSON.stringify(e.id)}].sketch`);
  }
  const clusters: { anchor: readonly bigint[]; ids: string[] }[] = [];
  for (const e of sorted) {
    const home = clusters.find((c) => sketchesAgree(c.anchor, e.sketch, toleranceMicros, exact));
    if (home) home.ids.push(e.id);
    else clusters.push({ anchor: e.sketch, ids: [e.id] });
  }
  const majority = clusters.find((c) => c.ids.length * 2 > sorted.length);
  return { majority: majority?.ids, clusters: clusters.map((c) => c.ids) };
}
