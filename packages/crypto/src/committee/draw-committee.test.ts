import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { u64be } from "../util/bytes";
import { type CommitteeCandidate, committeeSeed, drawCommittee } from "./draw-committee";

const seedOf = (i: number) => sha256(u64be(BigInt(i)));
const miners = (n: number, weight = (i: number) => BigInt(i + 1)): CommitteeCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ address: `nesa1miner${String(i).padStart(3, "0")}`, weight: weight(i) }));

describe("committeeSeed", () => {
  it("binds both the beacon and the query id", () => {
    const beacon = sha256(new Uint8Array([1]));
    const base = committeeSeed(beacon, 7n);
    expect(base).toHaveLength(32);
    expect(committeeSeed(beacon, 8n)).not.toEqual(base);
    expect(committeeSeed(sha256(new Uint8Array([2])), 7n)).not.toEqual(base);
    expect(committeeSeed(beacon, 7n)).toEqual(base);
  });
  it("rejects a short beacon and a negative query id, naming the argument", () => {
    expect(() => committeeSeed(new Uint8Array(31), 1n)).toThrow(/beaconOutput/);
    expect(() => committeeSeed(new Uint8Array(32), -1n)).toThrow(/queryId/);
  });
});

describe("drawCommittee", () => {
  it("is deterministic and independent of candidate order", () => {
    const candidates = miners(20);
    const params = { seed: seedOf(1), candidates, shards: 3, replicas: 2 };
    const a = drawCommittee(params);
    const shuffled = [...candidates].reverse();
    shuffled.push(shuffled.splice(5, 1)[0]);
    expect(drawCommittee({ ...params, candidates: shuffled })).toEqual(a);
    expect(drawCommittee(params)).toEqual(a);
    expect(a.map((s) => [s.shard, s.replica])).toEqual([
      [0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1],
    ]);
  });

  it("changes with the seed", () => {
    const candidates = miners(30);
    const draws = new Set(
      [1, 2, 3, 4, 5].map((i) =>
        drawCommittee({ seed: seedOf(i), candidates, shards: 2, replicas: 2 }).map((s) => s.miner).join(","),
      ),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it("never gives one miner two seats, even when seats = miners and weights are skewed", () => {
    const candidates = miners(12, (i) => (i === 0 ? 1_000_000n : 1n));
    for (let i = 0; i < 50; i++) {
      const seats = drawCommittee({ seed: seedOf(i), candidates, shards: 3, replicas: 4 });
      const chosen = seats.map((s) => s.miner);
      expect(new Set(chosen).size).toBe(12);
    }
  });

  it("never draws a zero-weight miner and counts it as ineligible", () => {
    const candidates = [...miners(4), { address: "nesa1zero", weight: 0n }];
    for (let i = 0; i < 50; i++) {
      const seats = drawCommittee({ seed: seedOf(i), candidates, shards: 2, replicas: 2 });
      expect(seats.map((s) => s.miner)).not.toContain("nesa1zero");
    }
    expect(() => drawCommittee({ seed: seedOf(0), candidates, shards: 5, replicas: 1 })).toThrow(
      /4 eligible miners .* 5 seats/,
    );
  });

  it("respects stake weights for a single seat (3000 fixed seeds, ±25% relative bound)", () => {
    const candidates = miners(4); // weights 1, 2, 3, 4 of 10
    const counts = new Map<string, number>();
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const [seat] = drawCommittee({ seed: seedOf(i), candidates, shards: 1, replicas: 1 });
      counts.set(seat.miner, (counts.get(seat.miner) ?? 0) + 1);
    }
    for (const c of candidates) {
      const expected = (n * Number(c.weight)) / 10;
      const got = counts.get(c.address) ?? 0;
      expect(got).toBeGreaterThan(expected * 0.75);
      expect(got).toBeLessThan(expected * 1.25);
    }
  });

  it("lets a whale hold at most one seat while the rest are spread by weight", () => {
    const candidates = [{ address: "whale", weight: 1_000n }, ...miners(6, () => 1n)];
    let whaleSeats = 0;
    for (let i = 0; i < 200; i++) {
      const seats = drawCommittee({ seed: seedOf(i), candidates, shards: 1, replicas: 3 });
      whaleSeats += seats.filter((s) => s.miner === "whale").length;
    }
    // The whale (weight 1000 of 1006) is in nearly every committee, exactly once.
    expect(whaleSeats).toBeGreaterThan(190);
    expect(whaleSeats).toBeLessThanOrEqual(200);
  });

  it("throws a clear error when there are fewer eligible miners than seats", () => {
    expect(() => drawCommittee({ seed: seedOf(0), candidates: miners(5), shards: 2, replicas: 3 })).toThrow(
      /5 eligible miners .* 6 seats/,
    );
  });

  it("validates every argument and names it", () => {
    const ok = { seed: seedOf(0), candidates: miners(4), shards: 1, replicas: 1 };
    expect(() => drawCommittee({ ...ok, seed: new Uint8Array(16) })).toThrow(/seed/);
    expect(() => drawCommittee({ ...ok, shards: 0 })).toThrow(/shards/);
    expect(() => drawCommittee({ ...ok, replicas: 1.5 })).toThrow(/replicas/);
    expect(() => drawCommittee({ ...ok, candidates: [{ address: "", weight: 1n }] })).toThrow(/candidates\[0\]\.address/);
    expect(() =>
      drawCommittee({ ...ok, candidates: [{ address: "a", weight: 1 as unknown as bigint }] }),
    ).toThrow(/candidates\[0\]\.weight/);
    expect(() =>
      drawCommittee({ ...ok, candidates: [{ address: "a", weight: 1n }, { address: "a", weight: 2n }] }),
    ).toThrow(/duplicate address/);
  });
});
