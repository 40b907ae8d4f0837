import { describe, expect, it } from "vitest";
import { defaultAuthParams, parseGasPrice, requiredFee, validateAuthParams } from "./params";

describe("min gas price", () => {
  it("parses decimals exactly and rounds the required fee up", () => {
    const p = parseGasPrice("0.025unes");
    expect(p).toEqual({ denom: "unes", numerator: 25n, denominator: 1000n });
    expect(requiredFee(200_000n, p)).toBe(5000n);
    expect(requiredFee(1n, p)).toBe(1n);
    expect(requiredFee(0n, p)).toBe(0n);
    expect(requiredFee(41n, parseGasPrice("3unes"))).toBe(123n);
  });

  it("names the bad field", () => {
    expect(() => parseGasPrice("0.025")).toThrow(/min_gas_price "0.025"/);
    expect(() => validateAuthParams({ ...defaultAuthParams(), tx_size_cost_per_byte: "ten" })).toThrow(/tx_size_cost_per_byte/);
  });
});
