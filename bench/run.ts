// `pnpm bench <name> [--json]`: runs bench/<name>.ts, whose `run(ctx)` returns a BenchResult.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchContext, type BenchResult, printReport } from "./lib/report";

const here = dirname(fileURLToPath(import.meta.url));

async function main(argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  // The first word is the benchmark; what follows (but --json) is its own options.
  const [name, ...rest] = argv.filter((a) => a !== "--json");
  const names = name === undefined ? [] : [name];
  if (names.length !== 1 || !/^[a-z0-9-]+$/.test(names[0])) {
    throw new Error("usage: pnpm bench <name> [--json] [options of that benchmark]   (name = a file bench/<name>.ts, e.g. chain)");
  }
  const file = join(here, `${names[0]}.ts`);
  if (!existsSync(file)) throw new Error(`no benchmark ${names[0]}: expected ${file}`);
  const mod = (await import(pathToFileURL(file).href)) as { run?: (ctx: BenchContext) => Promise<BenchResult> };
  if (typeof mod.run !== "function") throw new Error(`bench/${names[0]}.ts must export run(ctx): Promise<BenchResult>`);
  const ctx: BenchContext = { json, args: rest, log: (m) => process.stderr.write(`[${names[0]}] ${m}\n`) };
  printReport(await mod.run(ctx), json);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (process.env.BENCH_DEBUG ? err.stack : err.message) : String(err)}\n`);
    process.exit(1);
  },
);
