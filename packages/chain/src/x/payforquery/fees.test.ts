import { describe, expect, it } from "vitest";
import { computeFee, computeSettlement } from "./fees";

describe("fee math", () => {
  it("fee = base + per byte × input bytes + price × shards × replicas", () => {
    const f = computeFee({ baseFee: 1000n, perByteFee: 2n, inputBytes: 500n, price: 7n, shards: 2, replicas: 3 });
    expect(f).toEqual({ base: 1000n, bytes: 1000n, model: 42n, total: 2042n });
  });

  it("accounts for every unes for any split (randomized over a fixed grid)", () => {
    for (const price of [0n, 1n, 7n, 999_983n]) {
      for (const [S, R] of [[1, 1], [2, 3], [3, 5]]) {
        for (const share of [0, 1, 333_333, 1_000_000]) {
          const fee = computeFee({ baseFee: 13n, perByteFee: 3n, inputBytes: 17n, price, shards: S, replicas: R });
          for (let agreeing = 0; agreeing <= S * R; agreeing++) {
            const s = computeSettlement(fee, S * R, agreeing, share);
            expect(s.perSeat * BigInt(agreeing) + s.owner + s.communityPool + s.refund).toBe(fee.total);
            expect(s.refund).toBe(price * BigInt(S * R - agreeing));
            for (const v of Object.values(s)) expect(v >= 0n).toBe(true);
          }
        }
      }
    }
  });

  it("pays the owner owner_share of the earned amount and sends dust to the pool", () => {
    const fee = computeFee({ baseFee: 100n, perByteFee: 0n, inputBytes: 0n, price: 10n, shards: 2, replicas: 3 });
    // 5 of 6 seats agree: earned 50, owner 10 % = 5, miners 45 → 9 each, no dust; refund 10
    expect(computeSettlement(fee, 6, 5, 100_000)).toEqual({ perSeat: 9n, owner: 5n, communityPool: 100n, refund: 10n });
    // owner 1/3: earned 50 → owner 16, pool 34 over 5 seats → 6 each, dust 4
    expect(computeSettlement(fee, 6, 5, 333_333)).toEqual({ perSeat: 6n, owner: 16n, communityPool: 104n, refund: 10n });
  });

  it("refuses impossible seat counts", () => {
    const fee = computeFee({ baseFee: 1n, perByteFee: 0n, inputBytes: 0n, price: 1n, shards: 1, replicas: 1 });
    expect(() => computeSettlement(fee, 1, 2, 0)).toThrow(/impossible/);
  });
});
