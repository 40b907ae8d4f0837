import { describe, expect, it } from "vitest";
import { MIN_WINDOW_MS, phaseWindows } from "./phase-windows";

describe("phaseWindows", () => {
  it("keeps the chain's 10-block windows at 1 s blocks and at least 5 s per window for faster blocks", () => {
    expect(phaseWindows(1000)).toEqual({ commitBlocks: 10, revealBlocks: 10, defaultTimeoutBlocks: 30 });
    const fast = phaseWindows(200);
    expect(fast.commitBlocks).toBe(25);
    for (const ms of [50, 100, 200, 300, 700]) {
      const w = phaseWindows(ms);
      expect(w.commitBlocks * ms).toBeGreaterThanOrEqual(MIN_WINDOW_MS);
      // x/payforquery refuses a timeout shorter than both windows together.
      expect(w.defaultTimeoutBlocks).toBeGreaterThanOrEqual(w.commitBlocks + w.revealBlocks);
    }
  });
});
