// The EndBlock schedule: scheduling a task costs the same gas however many tasks its height already has (a pay's
// gas must not depend on how many queries were paid before it in the same block), and EndBlock gets every task
// back once, ordered by (task, query id).
import { describe, expect, it } from "vitest";
import type { Context } from "../../app/module";
import { BasicGasMeter } from "../../app/gas";
import { protocolHarness } from "../../sim/protocol-harness";
import { GasStore } from "../../store/gas-store";
import { Task } from "./keys";

describe("x/inference schedule", () => {
  it("charges constant gas per task and returns each task once, in (task, query id) order", () => {
    const h = protocolHarness();
    const meter = new BasicGasMeter(10n ** 15n);
    const base = h.env.ctx();
    const ctx: Context = { ...base, gasMeter: meter, kvStore: (name) => new GasStore(base.kvStore(name), meter) };
    const H = 50n;
    const costs: bigint[] = [];
    for (let i = 0; i < 200; i++) {
      const before = meter.consumed();
      h.inference.schedule(ctx, H, i % 2 === 0 ? Task.TIMEOUT : Task.ASSIGN, BigInt(1000 - i));
      costs.push(meter.consumed() - before);
    }
    // The first task of a height reads an absent counter (cheaper); every later one costs exactly the same.
    expect(new Set(costs.slice(1)).size).toBe(1);
    expect(costs[0]).toBeLessThanOrEqual(costs[1]);
    const tasks = h.inference.takeSchedule(ctx, H);
    expect(tasks).toHaveLength(200);
    const sorted = [...tasks].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expect(tasks).toEqual(sorted);
    expect(tasks[0]).toEqual([Task.ASSIGN, 801n]);
    // Taken means gone: the height is empty afterwards, and other heights were never touched.
    expect(h.inference.takeSchedule(ctx, H)).toEqual([]);
    expect(h.inference.takeSchedule(ctx, H + 1n)).toEqual([]);
  });
});
