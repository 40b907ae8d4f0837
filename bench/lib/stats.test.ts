import { describe, expect, it } from "vitest";
import { formatReport, goal, goalMet } from "./report";
import { median, p95, percentile } from "./stats";

describe("bench stats", () => {
  it("takes medians of odd and even counts without reordering the input", () => {
    const v = [5, 1, 3];
    expect(median(v)).toBe(3);
    expect(v).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("computes nearest-rank percentiles", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(p95(v)).toBe(95);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
  });

  it("rejects empty input and bad percentiles", () => {
    expect(() => median([])).toThrow(/at least one value/);
    expect(() => percentile([1], 0)).toThrow(/p must be/);
  });

  it("checks goals in both directions and prints them", () => {
    const figures = { tx_per_s: 2500, latency_ms: 40 };
    const g1 = goal(figures, "tx_per_s", ">=", 2000);
    const g2 = goal(figures, "latency_ms", "<=", 30);
    expect(goalMet(g1)).toBe(true);
    expect(goalMet(g2)).toBe(false);
    const text = formatReport({ name: "x", figures, goals: [g1, g2] });
    expect(text).toMatch(/tx_per_s >= 2,000: 2,500 MET/);
    expect(text).toMatch(/latency_ms <= 30: 40 MISSED/);
    expect(() => goal(figures, "nope", ">=", 1)).toThrow(/unknown figure/);
  });
});
