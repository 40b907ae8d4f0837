import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store";
import { ParamsStore } from "./params-store";
import { stringValue } from "./codecs";

describe("ParamsStore", () => {
  it("returns the defaults until set, then the stored value, decoded once per stored value", () => {
    let decodes = 0;
    const codec = {
      encode: stringValue.encode,
      decode: (b: Uint8Array) => {
        decodes++;
        return stringValue.decode(b);
      },
    };
    const params = new ParamsStore(Uint8Array.of(1), codec, () => "default");
    const store = new MemoryStore();
    expect(params.get(store)).toBe("default");
    params.set(store, "a");
    expect([params.get(store), params.get(store)]).toEqual(["a", "a"]);
    expect(decodes).toBe(1);
    params.set(store, "b");
    expect(params.get(store)).toBe("b");
    expect(decodes).toBe(2);
  });
});
