import { describe, expect, it } from "vitest";
import { clusterSketches } from "./cluster-sketches";

const honest = (n: bigint) => [2n, 64n, 1_000_000n + n, -2_000_000n - n];
const TOL = 100n;

describe("clusterSketches", () => {
  it("finds the majority and puts the outlier in its own cluster", () => {
    const entries = [
      { id: "m3", sketch: honest(3n) },
      { id: "m1", sketch: honest(0n) },
      { id: "cheat", sketch: [2n, 64n, 1_100_000n, -2_000_000n] },
      { id: "m2", sketch: honest(-7n) },
    ];
    const result = clusterSketches(entries, TOL, false);
    expect(result.majority).toEqual(["m1", "m2", "m3"]);
    expect(result.clusters).toEqual([["cheat"], ["m1", "m2", "m3"]]);
  });

  it("does not depend on the order of the entries", () => {
    const entries = ["a", "b", "c", "d", "e"].map((id, i) => ({ id, sketch: honest(BigInt(i * 40)) }));
    const forward = clusterSketches(entries, TOL, false);
    expect(clusterSketches([...entries].reverse(), TOL, false)).toEqual(forward);
  });

  it("reports no majority on a tie or when all disagree", () => {
    const tie = [
      { id: "a", sketch: [1n, 64n, 10n] },
      { id: "b", sketch: [1n, 64n, 10n] },
      { id: "c", sketch: [1n, 64n, 20n] },
      { id: "d", sketch: [1n, 64n, 20n] },
    ];
    const result = clusterSketches(tie, 0n, true);
    expect(result.majority).toBeUndefined();
    expect(result.clusters).toEqual([["a", "b"], ["c", "d"]]);
    expect(clusterSketches(tie.slice(1, 3), 0n, true).majority).toBeUndefined();
    expect(clusterSketches([], 0n, true)).toEqual({ majority: undefined, clusters: [] });
  });

  it("anchors clusters on their first member (no chaining of near neighbours)", () => {
    // a~b and b~c at 100 ppm, but a and c differ by ~180 ppm: c must not join a's cluster through b.
    const one = (v: bigint) => [1n, 64n, v];
    const result = clusterSketches(
      [
        { id: "a", sketch: one(1_000_000n) },
        { id: "b", sketch: one(1_000_090n) },
        { id: "c", sketch: one(1_000_180n) },
      ],
      TOL,
      false,
    );
    expect(result.clusters).toEqual([["a", "b"], ["c"]]);
    expect(result.majority).toEqual(["a", "b"]);
  });

  it("rejects duplicate ids and malformed sketches by name", () => {
    expect(() => clusterSketches([{ id: "a", sketch: honest(0n) }, { id: "a", sketch: honest(0n) }], TOL, false)).toThrow(
      /duplicate id "a"/,
    );
    expect(() => clusterSketches([{ id: "x", sketch: [1n] }], TOL, false)).toThrow(/entries\["x"\]\.sketch/);
  });
});
