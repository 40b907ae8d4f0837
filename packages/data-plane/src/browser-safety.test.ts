// The SDK core (packages/client src/index.ts) imports this package, so it must stay usable in a browser: no
// file reached from src/index.ts may import a Node builtin or a Redis/BullMQ client.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const ALLOWED_PACKAGES = /^@noble\/hashes\//;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;'"]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("@nesa/data-plane is browser-safe", () => {
  it("reaches only its own files and @noble/hashes", () => {
    const seen = new Set<string>();
    const outside: string[] = [];
    const stack = [join(here, "index.ts")];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const s of importsOf(file)) {
        if (s.startsWith(".")) stack.push(`${resolve(dirname(file), s)}.ts`);
        else if (!ALLOWED_PACKAGES.test(s)) outside.push(`${file.slice(here.length + 1)} → ${s}`);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(outside).toEqual([]);
  });
});
