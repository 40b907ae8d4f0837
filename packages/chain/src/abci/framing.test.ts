import { describe, expect, it } from "vitest";
import { FrameDecoder, encodeUvarint, frame } from "./framing";

describe("ABCI framing", () => {
  it("writes unsigned varints (not zigzag)", () => {
    expect([...encodeUvarint(0)]).toEqual([0]);
    expect([...encodeUvarint(1)]).toEqual([1]);
    expect([...encodeUvarint(300)]).toEqual([0xac, 0x02]);
  });

  it("reassembles messages split across and packed into chunks", () => {
    const a = new Uint8Array(200).fill(7);
    const b = Uint8Array.of(1, 2, 3);
    const stream = Buffer.concat([frame(a), frame(b), frame(new Uint8Array())]);
    const d = new FrameDecoder();
    const got: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += 5) got.push(...d.push(stream.subarray(i, i + 5)));
    expect(got.map((m) => m.length)).toEqual([200, 3, 0]);
    expect([...got[1]]).toEqual([1, 2, 3]);
  });

  it("refuses a runaway length prefix", () => {
    expect(() => new FrameDecoder().push(Buffer.alloc(9, 0xff))).toThrow(/longer than 8 bytes/);
  });
});
