import { describe, expect, it } from "vitest";
import { ErrInvalidParams, ErrModelBusy } from "./errors";
import { defaultParams, validateParams } from "./params";

describe("max_open_queries_per_model", () => {
  it("defaults to 1,000 and must be at least 1, refused with ErrInvalidParams naming the field", () => {
    expect(defaultParams().maxOpenQueriesPerModel).toBe(1_000);
    const err = (() => {
      try {
        validateParams({ ...defaultParams(), maxOpenQueriesPerModel: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(ErrInvalidParams.is(err)).toBe(true);
    expect(String(err)).toMatch(/max_open_queries_per_model must be at least 1/);
  });

  it("refuses a pay beyond it with a registered error of its own (payforquery 19)", () => {
    expect([ErrModelBusy.codespace, ErrModelBusy.code]).toEqual(["payforquery", 19]);
  });
});
