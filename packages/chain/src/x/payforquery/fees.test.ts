import { describe, expect, it } from "vitest";
import { computeFee, computeSettlement, speedPay, speedPayouts } from "./fees";

describe("fee math", () => {
  it("fee = base + per byte × input bytes + price × shards × replicas", () => {
    const f = computeFee({ baseFee: 1000n, perByteFee: 2n, inputBytes: 500n, price: 7n, shards: 2, replicas: 3 });
    expect(f).toEqual({ base: 1000n, bytes: 1000n, model: 42n, tokens: 0n, total: 2042n });
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

  it("generators: escrow (in × in_price + max_new × out_price) × R, pay the agreed length, refund the rest", () => {
    const tokens = { inputTokens: 12, maxNewTokens: 40, inputPrice: 3n, outputPrice: 5n };
    const fee = computeFee({ baseFee: 100n, perByteFee: 1n, inputBytes: 50n, price: 10n, shards: 2, replicas: 3, tokens });
    expect(fee).toEqual({ base: 100n, bytes: 50n, model: 60n, tokens: (12n * 3n + 40n * 5n) * 3n, total: 100n + 50n + 60n + 708n });
    // all 6 seats agree on 25 generated tokens: earned tokens (36 + 125) × 3 = 483 → 80 per seat, dust 3
    const s = computeSettlement(fee, 6, 6, 100_000, { ...tokens, replicas: 3, generatedTokens: 25 });
    const earned = (10n + 80n) * 6n; // 540: owner 54, miners 486 → 81 each
    expect(s).toEqual({ perSeat: 81n, owner: 54n, communityPool: 100n + 50n + 3n, refund: (40n - 25n) * 5n * 3n });
    expect(s.perSeat * 6n + s.owner + s.communityPool + s.refund).toBe(fee.total);
    expect(earned).toBe(s.perSeat * 6n + s.owner);
    // 5 of 6 agree: the sixth seat's value (price + its token share) is refunded too
    const five = computeSettlement(fee, 6, 5, 100_000, { ...tokens, replicas: 3, generatedTokens: 25 });
    expect(five.refund).toBe(90n + 225n);
    expect(() => computeSettlement(fee, 6, 6, 0, { ...tokens, replicas: 3, generatedTokens: 41 })).toThrow(/impossible/);
  });

  it("accounts for every unes of a generator escrow for any split and length", () => {
    for (const [inP, outP] of [[0n, 0n], [1n, 7n], [13n, 999_983n]]) {
      for (const [S, H, R] of [[1, 0, 1], [2, 2, 3], [3, 0, 5]]) {
        const tokens = { inputTokens: 7, maxNewTokens: 9, inputPrice: inP, outputPrice: outP };
        const fee = computeFee({ baseFee: 13n, perByteFee: 3n, inputBytes: 17n, price: 11n, shards: S, hssShares: H, replicas: R, tokens });
        const N = (S + H) * R;
        for (let generated = 1; generated <= 9; generated += 4) {
          for (let agreeing = 0; agreeing <= N; agreeing++) {
            const s = computeSettlement(fee, N, agreeing, 333_333, { ...tokens, replicas: R, generatedTokens: generated });
            expect(s.perSeat * BigInt(agreeing) + s.owner + s.communityPool + s.refund).toBe(fee.total);
            expect(s.refund >= BigInt(9 - generated) * outP * BigInt(R)).toBe(true);
            for (const v of Object.values(s)) expect(v >= 0n).toBe(true);
          }
        }
      }
    }
  });

  it("refuses impossible seat counts", () => {
    const fee = computeFee({ baseFee: 1n, perByteFee: 0n, inputBytes: 0n, price: 1n, shards: 1, replicas: 1 });
    expect(() => computeSettlement(fee, 1, 2, 0)).toThrow(/impossible/);
  });
});

describe("speed-weighted pay (speedPay / speedPayouts)", () => {
  it("pays per_seat at delay 1, loses speed × (d − 1) / W after, never below per_seat − speed, and adds up", () => {
    for (const perSeat of [0n, 1n, 7n, 9_000n, 123_457n]) {
      for (const share of [0, 1, 200_000, 999_999, 1_000_000]) {
        for (const w of [1n, 2n, 4n, 10n]) {
          const speed = (perSeat * BigInt(share)) / 1_000_000n;
          let prev = perSeat;
          for (let d = 1n; d <= w; d++) {
            const p = speedPay(perSeat, share, w, d);
            expect(p).toBe(perSeat - speed + (speed * (w + 1n - d)) / w);
            expect(p <= prev && p >= perSeat - speed).toBe(true);
            prev = p;
          }
          expect(speedPay(perSeat, share, w, 1n)).toBe(perSeat);
          const delays = [1n, w, (w + 1n) / 2n, 99n, 0n];
          const { payouts, slow } = speedPayouts(perSeat, { speedShare: share, commitWindow: w, commitDelays: delays });
          expect(payouts.reduce((s, x) => s + x, 0n) + slow).toBe(perSeat * BigInt(delays.length));
        }
      }
    }
  });
});
