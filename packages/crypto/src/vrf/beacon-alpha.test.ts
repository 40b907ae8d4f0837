import { describe, expect, it } from "vitest";
import { concatBytes, u32be, u64be, utf8ToBytes } from "../util/bytes";
import { beaconAlpha } from "./beacon-alpha";

describe("beaconAlpha", () => {
  const prev = new Uint8Array(32).fill(7);
  it("is the length-prefixed chain id, the height as 8 bytes big-endian, then the previous app hash", () => {
    expect(beaconAlpha("nesa-1", 258n, prev)).toEqual(
      concatBytes(u32be(6), utf8ToBytes("nesa-1"), Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2), prev),
    );
    expect(u64be(258n)).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2));
  });
  it("changes with each input", () => {
    const a = beaconAlpha("nesa-1", 5n, prev);
    expect(beaconAlpha("nesa-2", 5n, prev)).not.toEqual(a);
    expect(beaconAlpha("nesa-1", 6n, prev)).not.toEqual(a);
    expect(beaconAlpha("nesa-1", 5n, new Uint8Array(32))).not.toEqual(a);
  });
  it("validates its arguments by name", () => {
    expect(() => beaconAlpha("", 1n, prev)).toThrow(/chainId/);
    expect(() => beaconAlpha("c", -1n, prev)).toThrow(/height/);
    expect(() => beaconAlpha("c", 1n, "ab" as unknown as Uint8Array)).toThrow(/prevAppHash/);
  });
});
