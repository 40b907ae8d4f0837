import { describe, expect, it } from "vitest";
import type { Context } from "../../app/module";
import { ChainError } from "../../errors/chain-error";
import { ErrUnauthorized } from "./errors";
import { updateParamsHandler } from "./msg-util";

type P = { limit: number };
type M = { authority: string; params?: P };
const json = <T>() => ({
  encode: (m: T) => ({ finish: () => new TextEncoder().encode(JSON.stringify(m)) }),
  decode: (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as T,
});

function setup() {
  const stored: P[] = [];
  const events: string[] = [];
  const handler = updateParamsHandler<P, M, Record<string, never>>({
    typeUrlPrefix: "/test.v1.",
    codec: json<M>(),
    responseCodec: json<Record<string, never>>(),
    response: {},
    authority: "gov",
    unauthorized: ErrUnauthorized,
    validate: (p) => {
      if (!p || p.limit < 1) throw new Error("limit must be >= 1");
    },
    set: (_ctx, p) => stored.push(p),
    emit: (_ctx, e) => events.push(e.authority),
  });
  return { handler, stored, events, ctx: {} as Context };
}

describe("updateParamsHandler", () => {
  it("lets only the authority set valid params, and emits one event", () => {
    const { handler, stored, events, ctx } = setup();
    expect(handler.typeUrl).toBe("/test.v1.MsgUpdateParams");
    expect(handler.signers({ authority: "alice" })).toEqual(["alice"]);
    const denied = (() => {
      try {
        handler.handle(ctx, { authority: "alice", params: { limit: 5 } });
      } catch (e) {
        return e;
      }
    })();
    expect(denied).toBeInstanceOf(ChainError);
    expect(ErrUnauthorized.is(denied)).toBe(true);
    expect(() => handler.handle(ctx, { authority: "gov", params: { limit: 0 } })).toThrow("limit must be >= 1");
    expect(stored).toEqual([]);
    const res = handler.handle(ctx, { authority: "gov", params: { limit: 5 } });
    expect(res.typeUrl).toBe("/test.v1.MsgUpdateParamsResponse");
    expect(stored).toEqual([{ limit: 5 }]);
    expect(events).toEqual(["gov"]);
  });
});
