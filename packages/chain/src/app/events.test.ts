import { describe, expect, it } from "vitest";
import { BasicEventManager, emitTypedEvent } from "./events";
import type { Context } from "./module";

describe("emitTypedEvent", () => {
  it("flattens a proto event's JSON into an ABCI event named by the proto full name, values as JSON", () => {
    const em = new BasicEventManager();
    const ctx = { eventManager: em } as unknown as Context;
    emitTypedEvent(ctx, "nesa.inference.v1.EventQueryFinalized", { queryId: "7", miners: ["a", "b"], ok: true, fee: 12n, skipped: undefined });
    expect(em.events()).toEqual([
      {
        type: "nesa.inference.v1.EventQueryFinalized",
        attributes: [
          { key: "queryId", value: '"7"', index: true },
          { key: "miners", value: '["a","b"]', index: true },
          { key: "ok", value: "true", index: true },
          { key: "fee", value: '"12"', index: true },
        ],
      },
    ]);
    expect(() => emitTypedEvent(ctx, "x.Event", "nope")).toThrow(/json must be an object/);
  });
});
