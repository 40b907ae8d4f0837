import { describe, expect, it } from "vitest";
import type { PendingReveal } from "./commit-step";
import { PendingRevealMemory } from "./pending-reveal-memory";

const pending = (queryId: string): PendingReveal => ({ queryId, shard: 0, replica: 0, miner: "nesa1x", outputDigest: "00", final: true, salt: "ab" });

describe("PendingRevealMemory", () => {
  it("keeps entries until deleted and drops the oldest beyond its byte bound", () => {
    const m = new PendingRevealMemory(10);
    m.set("1/0/0", pending("1"), new Uint8Array(4));
    m.set("2/0/0", pending("2"), new Uint8Array(4));
    expect(m.get("1/0/0")?.pending.queryId).toBe("1");
    m.set("3/0/0", pending("3"), new Uint8Array(4)); // 12 bytes > 10: the oldest goes
    expect(m.get("1/0/0")).toBeUndefined();
    expect(m.get("2/0/0")?.bytes.length).toBe(4);
    expect(m.size).toBe(2);
    m.delete("2/0/0");
    m.set("4/0/0", pending("4"), new Uint8Array(6)); // 4 + 6 = 10 fits again
    expect([m.get("3/0/0"), m.get("4/0/0")].every(Boolean)).toBe(true);
    m.set("big", pending("5"), new Uint8Array(11)); // larger than the bound: not kept, nothing evicted for it
    expect(m.get("big")).toBeUndefined();
    expect(m.size).toBe(2);
  });
});
