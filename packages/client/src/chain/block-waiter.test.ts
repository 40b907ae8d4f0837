import { describe, expect, it } from "vitest";
import { BlockWaiter } from "./block-waiter";

describe("BlockWaiter", () => {
  it("wakes a waiter only when a height above its mark is seen", async () => {
    const b = new BlockWaiter(60_000);
    b.seen(5n);
    let woke = false;
    const p = b.next(5n).then(() => {
      woke = true;
    });
    b.seen(5n);
    b.seen(4n);
    await new Promise((r) => setTimeout(r, 5));
    expect(woke).toBe(false);
    b.seen(6n);
    await p;
    expect(b.height).toBe(6n);
  });

  it("resolves at once when the chain already moved past the mark (a block between read and wait is not missed)", async () => {
    const b = new BlockWaiter(60_000);
    b.seen(9n);
    await b.next(8n);
  });

  it("falls back to a timed wake when no block comes", async () => {
    const b = new BlockWaiter(10);
    const t0 = Date.now();
    await b.next(0n);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(9);
  });
});
