import { describe, expect, it } from "vitest";
import type { GenerateParameters, GenerateReturnType } from "./generate";
import { generationStream } from "./generation-stream";

const token = (text: string, index: number) => ({ text, id: index, index, verified: false });
const summary = { text: "abc" } as GenerateReturnType;

describe("generationStream", () => {
  it("yields the tokens as generate reports them, then ends; .result is the verified summary", async () => {
    let seen = 0;
    const run = async (p: GenerateParameters) => {
      for (const [i, t] of ["a", "b", "c"].entries()) {
        await new Promise((r) => setTimeout(r, 1));
        p.onToken?.(token(t, i));
      }
      return summary;
    };
    const stream = generationStream(run, { model: "m", prompt: "x", onToken: () => seen++ });
    const texts: string[] = [];
    for await (const t of stream) texts.push(t.text);
    expect(texts).toEqual(["a", "b", "c"]);
    expect(seen).toBe(3); // the caller's own onToken still runs
    expect(await stream.result).toBe(summary);
  });

  it("ends the iteration with generate's error and rejects .result alike", async () => {
    const stream = generationStream(async (p) => {
      p.onToken?.(token("a", 0));
      throw new Error("query failed");
    }, { model: "m", prompt: "x" });
    const texts: string[] = [];
    await expect(async () => {
      for await (const t of stream) texts.push(t.text);
    }).rejects.toThrow("query failed");
    expect(texts).toEqual(["a"]);
    await expect(stream.result).rejects.toThrow("query failed");
  });

  it("keeps .result settling when the loop is left early", async () => {
    const stream = generationStream(async (p) => {
      p.onToken?.(token("a", 0));
      p.onToken?.(token("b", 1));
      return summary;
    }, { model: "m", prompt: "x" });
    for await (const t of stream) if (t.text === "a") break;
    expect(await stream.result).toBe(summary);
  });
});
