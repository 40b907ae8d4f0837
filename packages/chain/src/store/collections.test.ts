import { describe, expect, it } from "vitest";
import { BasicGasMeter, KV_GAS } from "../app/gas";
import { moduleAddress } from "../x/auth/keeper";
import { addressKey, bigintValue, pairKey, pairPrefix, stringKey, uint64Key } from "./codecs";
import { CollMap, Item, Sequence } from "./collections";
import { GasStore } from "./gas-store";
import { MemoryStore } from "./memory-store";

describe("typed collections", () => {
  it("CollMap with (address, denom) keys: get/set/delete and prefix iteration per address", () => {
    const s = new MemoryStore();
    const addr = addressKey("nesa");
    const m = new CollMap(2, pairKey(addr, stringKey), bigintValue);
    const [a, b] = [moduleAddress("a"), moduleAddress("b")];
    m.set(s, [a, "unes"], 5n);
    m.set(s, [a, "uatom"], 7n);
    m.set(s, [b, "unes"], 9n);
    expect(m.get(s, [a, "unes"])).toBe(5n);
    expect([...m.entries(s, pairPrefix(addr, a))]).toEqual([
      [[a, "uatom"], 7n],
      [[a, "unes"], 5n],
    ]);
    m.delete(s, [a, "uatom"]);
    expect(m.has(s, [a, "uatom"])).toBe(false);
    expect([...m.entries(s)].map(([[x, d], v]) => `${x}/${d}/${v}`).sort()).toEqual([`${a}/unes/5`, `${b}/unes/9`].sort());
  });

  it("uint64 keys sort numerically; Item and Sequence round-trip", () => {
    const s = new MemoryStore();
    const m = new CollMap(1, uint64Key, bigintValue);
    for (const k of [300n, 2n, 70000n, 1n << 40n]) m.set(s, k, k);
    expect([...m.entries(s)].map(([k]) => k)).toEqual([2n, 300n, 70000n, 1n << 40n]);
    expect(() => uint64Key.encode(-1n)).toThrow(/out of range/);
    const seq = new Sequence(3);
    expect([seq.next(s), seq.next(s), seq.peek(s)]).toEqual([0n, 1n, 2n]);
    const item = new Item(4, stringKey);
    item.set(s, "hello");
    expect(item.get(s)).toBe("hello");
  });
});

describe("GasStore", () => {
  it("charges the SDK's flat and per-byte costs, and throws sdk/11 past the limit", () => {
    const meter = new BasicGasMeter(100_000n);
    const g = new GasStore(new MemoryStore(), meter);
    g.set(Uint8Array.of(1, 2), Uint8Array.of(3, 4, 5));
    expect(meter.consumed()).toBe(KV_GAS.writeCostFlat + 5n * KV_GAS.writeCostPerByte);
    g.get(Uint8Array.of(1, 2));
    expect(meter.consumed()).toBe(KV_GAS.writeCostFlat + 5n * KV_GAS.writeCostPerByte + KV_GAS.readCostFlat + 5n * KV_GAS.readCostPerByte);
    const small = new GasStore(new MemoryStore(), new BasicGasMeter(1500n));
    small.get(Uint8Array.of(1));
    expect(() => small.set(Uint8Array.of(1), Uint8Array.of(1))).toThrow(expect.objectContaining({ codespace: "sdk", code: 11 }));
  });
});
