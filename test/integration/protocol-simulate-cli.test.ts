// `pnpm nesad simulate` as a user runs it: the real CLI process, its summary, and the same final
// app hash for the same seed (seed sensitivity is covered in-process by sim/simulate.test.ts).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/localnet";

const run = promisify(execFile);

async function simulate(seed: string): Promise<string[]> {
  const { stdout } = await run(join(REPO_ROOT, "node_modules/.bin/tsx"), [join(REPO_ROOT, "packages/chain/src/cli/nesad.ts"), "simulate", "--blocks", "40", "--seed", seed, "--miners", "8"], { cwd: REPO_ROOT });
  return stdout.trim().split("\n");
}

it("prints a summary and ends with the app hash, the same for the same seed", async () => {
  const a = await simulate("cli");
  const b = await simulate("cli");
  const last = a.at(-1)!;
  expect(last).toMatch(/^app hash: [0-9A-F]{64}$/);
  expect(a.find((l) => l.startsWith("blocks:"))).toMatch(/blocks:\s+40$/);
  expect(a.find((l) => l.startsWith("queries finalized:"))).toMatch(/\d+$/);
  expect(a.find((l) => l.startsWith("invariant checks:"))).toMatch(/\(all held\)/);
  expect(b.at(-1)).toBe(last);
}, 120_000);
