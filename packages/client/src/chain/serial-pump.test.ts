import { describe, expect, it } from "vitest";
import { serialPump } from "./serial-pump";

describe("serialPump", () => {
  it("drains work queued in one tick together, never runs twice at once, and runs again for work queued meanwhile", async () => {
    const queue: number[] = [];
    const drained: number[][] = [];
    let running = 0;
    let maxRunning = 0;
    const kick = serialPump(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        drained.push(queue.splice(0));
        await new Promise((r) => setTimeout(r, 10));
        running--;
      },
      () => queue.length > 0,
    );
    for (const n of [1, 2, 3]) {
      queue.push(n);
      kick();
    }
    await new Promise((r) => setTimeout(r, 2)); // first drain running
    queue.push(4);
    kick();
    await new Promise((r) => setTimeout(r, 40));
    expect(drained).toEqual([[1, 2, 3], [4]]);
    expect(maxRunning).toBe(1);
  });
});
