import { describe, expect, it } from "vitest";
import { createProgress } from "./progress";

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (c: string) => chunks.push(c) > 0 } as unknown as NodeJS.WriteStream };
}

describe("createProgress", () => {
  it("draws nothing off a TTY but still prints notes as plain lines", () => {
    const { chunks, stream } = fakeStream(false);
    const p = createProgress(stream, true);
    p.update({ step: "paid", queryId: 1n });
    p.note("WARNING (privacy): x");
    p.stop();
    expect(chunks).toEqual(["WARNING (privacy): x\n"]);
  });

  it("marks every step up to the latest as done (a fast query may skip statuses) and draws nothing after stop", () => {
    const { chunks, stream } = fakeStream(true);
    const p = createProgress(stream, true);
    p.update({ step: "paid", queryId: 4n, detail: "4497 unes" });
    p.update({ step: "finalized", queryId: 4n });
    p.stop();
    const last = chunks.at(-1)!;
    expect(last).toContain("fee paid and escrowed");
    expect(last.match(/✔/g)).toHaveLength(8); // encrypted … finalized done, "fetched" still pending
    const count = chunks.length;
    p.stop();
    p.update({ step: "fetched" });
    expect(chunks).toHaveLength(count);
  });
});
