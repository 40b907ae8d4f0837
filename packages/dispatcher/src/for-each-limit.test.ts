import { describe, expect, it } from "vitest";
import { forEachLimit } from "./for-each-limit";

describe("forEachLimit", () => {
  it("visits every item with at most `limit` in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (i) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("rejects with the error after the other calls settle", async () => {
    let finished = 0;
    const run = forEachLimit([1, 2, 3], 3, async (i) => {
      await new Promise((r) => setImmediate(r));
      if (i === 2) throw new Error("boom");
      finished++;
    });
    await expect(run).rejects.toThrow("boom");
    expect(finished).toBe(2);
  });
});
