// The SDK core must stay usable in a browser: follow every relative import from src/index.ts and check that no
// file reached imports a Node builtin, ioredis, onnxruntime or @nesa/models (those belong in adapters/node).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const FORBIDDEN = /^(node:|ioredis$|onnxruntime|@nesa\/models|@nesa\/sidecar|@nesa\/dispatcher|fs$|path$|crypto$|http$)/;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;'"]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
}

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const specs = importsOf(file);
    seen.set(file, specs);
    for (const s of specs) if (s.startsWith(".")) stack.push(`${resolve(dirname(file), s)}.ts`);
  }
  return seen;
}

describe("SDK core (src/index.ts) is browser-safe", () => {
  it("reaches no Node-only module", () => {
    const graph = reachable(join(here, "index.ts"));
    expect(graph.size).toBeGreaterThan(15);
    const bad = [...graph].flatMap(([file, specs]) => specs.filter((s) => FORBIDDEN.test(s)).map((s) => `${file.slice(here.length + 1)} → ${s}`));
    expect(bad).toEqual([]);
    expect([...graph.keys()].some((f) => f.includes("adapters/node"))).toBe(false);
  });

  it("the check would catch a Node-only import (the Node entry does reach them)", () => {
    const graph = reachable(join(here, "adapters/node/index.ts"));
    const specs = [...graph.values()].flat();
    expect(specs.some((s) => FORBIDDEN.test(s))).toBe(true);
  });
});
