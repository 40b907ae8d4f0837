import { describe, expect, it } from "vitest";
import { isNesaError, NesaError } from "./nesa-error";

describe("NesaError: the one error shape", () => {
  it("carries {codespace, code, shortMessage, details, cause} and says what to do in its message", () => {
    const cause = new Error("ECONNREFUSED");
    const e = new NesaError({ codespace: "modelstore", code: 6, shortMessage: "model store unreachable", details: "start it with localnet/start", cause });
    expect(e).toMatchObject({ codespace: "modelstore", code: 6, shortMessage: "model store unreachable", details: "start it with localnet/start", cause });
    expect(e.message).toBe("model store unreachable\n\nstart it with localnet/start");
    expect(new NesaError({ codespace: "x", code: 2, shortMessage: "a", details: "b", separator: ": " }).message).toBe("a: b");
    expect(e.toJSON()).toEqual({ name: "NesaError", codespace: "modelstore", code: 6, shortMessage: "model store unreachable", details: "start it with localnet/start" });
  });

  it("isNesaError recognizes the shape, not look-alikes without it", () => {
    expect(isNesaError(new NesaError({ codespace: "sidecar", code: 4, shortMessage: "bad job" }))).toBe(true);
    expect(isNesaError({ codespace: "bank", code: 5, shortMessage: "insufficient funds" })).toBe(true);
    expect(isNesaError(new Error("x"))).toBe(false);
    expect(isNesaError({ code: "ENOENT" })).toBe(false);
    expect(isNesaError(null)).toBe(false);
  });
});
