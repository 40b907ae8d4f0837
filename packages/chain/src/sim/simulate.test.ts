import { describe, expect, it } from "vitest";
import { simulate } from "./simulate";

describe("randomized simulation", () => {
  it("runs every path with invariants intact and replays to the same app hash for the same seed", () => {
    const a = simulate({ blocks: 120, seed: "t1", miners: 12 });
    expect(a.finalized).toBeGreaterThan(10);
    expect(a.failed).toBeGreaterThan(0);
    expect(a.generationsFinalized).toBeGreaterThan(3);
    expect(a.tokensGenerated).toBeGreaterThan(a.generationsFinalized);
    expect(a.slashes).toBeGreaterThan(0);
    expect(a.reputationUpdates).toBeGreaterThan(a.slashes);
    expect(a.byzantineUpstream).toBeGreaterThan(0);
    expect(a.proposals).toBeGreaterThan(1);
    expect(a.proposalsPassed + a.proposalsRejected + a.proposalsFailed).toBeGreaterThan(0);
    expect(a.failedTxs).toBeGreaterThan(0); // the invalid msgs were rejected
    expect(a.invariantChecks).toBeGreaterThan(120 * 5);
    const b = simulate({ blocks: 120, seed: "t1", miners: 12 });
    expect(b).toEqual(a);
    const c = simulate({ blocks: 120, seed: "t2", miners: 12 });
    expect(c.appHash).not.toBe(a.appHash);
  });
});
