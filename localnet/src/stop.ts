// `localnet/stop --home DIR`: stops exactly the processes `localnet/start` recorded in DIR/run/*.pid (a pid
// whose command line no longer matches is left alone), miners first so none is cut off from the chain.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { layout } from "./layout";
import { listPids, stopProcess } from "./processes";

const HELP = `usage: localnet/stop --home DIR

Stops the processes that localnet/start started for DIR (miners, dispatcher, model store, nesad, and the
private redis-server if it started one; with --validators every CometBFT node, then every nesad app), and removes their pid files. Chain data and keys stay: run
localnet/start --home DIR again to resume, or delete DIR for a fresh network.
`;

// CometBFT nodes stop before their apps (a node whose app vanished first logs a crash); redis last.
const ORDER = (name: string) =>
  name.startsWith("miner-") ? 0 : name === "dispatcher" || name === "playground" ? 1 : name === "model-store" ? 2 : /-cometbft$/.test(name) ? 3 : name === "nesad" || /-nesad$/.test(name) ? 4 : 5;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { home: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) return void process.stdout.write(HELP);
  if (!values.home) throw new Error("--home DIR is required (see --help)");
  const L = layout(values.home);
  if (!existsSync(L.home)) throw new Error(`${L.home} does not exist: nothing to stop`);
  const recs = listPids(L).sort((a, b) => ORDER(a.name) - ORDER(b.name));
  if (recs.length === 0) process.stderr.write("[localnet] nothing recorded as running\n");
  const miners = recs.filter((r) => ORDER(r.name) === 0);
  const rest = recs.filter((r) => ORDER(r.name) !== 0);
  const report = async (name: string) => process.stderr.write(`[localnet] ${name}: ${await stopProcess(L, name)}\n`);
  await Promise.all(miners.map((r) => report(r.name)));
  for (const r of rest) await report(r.name);
}

main().catch((err: Error) => {
  process.stderr.write(`[localnet] error: ${err.message}\n`);
  process.exit(1);
});
