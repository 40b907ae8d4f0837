// Starting each long-running process of the localnet, unless it is already running, and waiting until it
// answers. Each start names the process's log when it fails.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chainHeight } from "./chain-client";
import { CLI, type Layout } from "./layout";
import { getJson, waitUntil } from "./net";
import { logTail, type PidRecord, running, startNodeCli } from "./processes";
import { initHome } from "../../packages/chain/src/node/init-home";
import { applyPhaseWindows } from "./phase-windows";
import type { Settings } from "./settings";

export type Say = (m: string) => void;

/** Starts `name` unless it runs; then waits for `ready`, failing early (with its log) if the process dies. */
async function ensureProcess(L: Layout, name: string, say: Say, start: () => PidRecord, ready: () => Promise<unknown>, timeoutMs = 60_000): Promise<PidRecord> {
  let rec = running(L, name);
  if (rec) say(`${name}: already running (pid ${rec.pid})`);
  else {
    rec = start();
    say(`${name}: started (pid ${rec.pid}), log ${join(L.logs, `${name}.log`)}`);
  }
  const pid = rec.pid;
  await waitUntil(name, async () => ((await ready()) ? true : undefined), timeoutMs, () => {
    if (!running(L, name)) throw new Error(`${name} (pid ${pid}) exited during start-up; last lines of its log:\n${logTail(L, name)}`);
  });
  return rec;
}

export async function ensureChain(L: Layout, s: Settings, accounts: number, say: Say): Promise<string> {
  if (!existsSync(join(L.chain, "config", "genesis.json"))) {
    say(`nesad: initialising the chain (${s.chainId}, ${accounts} funded accounts) in ${L.chain}`);
    // `nesad init`, in this process (one process start-up less).
    await initHome({ home: L.chain, chainId: s.chainId, accounts });
    const w = applyPhaseWindows(join(L.chain, "config", "genesis.json"), s.blockTimeMs);
    say(`nesad: commit and reveal windows of ${w.commitBlocks} blocks each at ${s.blockTimeMs} ms blocks`);
  }
  const rpc = `http://127.0.0.1:${s.rpcPort}`;
  const args = ["start", "--home", L.chain, "--rpc-laddr", `127.0.0.1:${s.rpcPort}`, "--block-time", String(s.blockTimeMs)];
  if (s.restPort) args.push("--api-laddr", `127.0.0.1:${s.restPort}`);
  await ensureProcess(L, "nesad", say, () => startNodeCli(L, "nesad", CLI.nesad, args, `--home ${L.chain} `), async () => ((await chainHeight(rpc)) ?? 0) >= 1);
  return rpc;
}

export async function ensureModelStore(L: Layout, s: Settings, say: Say, rpc?: string): Promise<string> {
  const url = `http://127.0.0.1:${s.storePort}`;
  // With the chain's RPC the store accepts uploads of registered shards (`nesa-models publish`).
  const args = ["serve", "--dir", L.store, "--port", String(s.storePort), ...(rpc ? ["--rpc", rpc] : [])];
  await ensureProcess(L, "model-store", say, () => startNodeCli(L, "model-store", CLI.store, args, `--dir ${L.store} `), async () => (await getJson(`${url}/healthz`))?.ok);
  return url;
}

export async function ensureDispatcher(L: Layout, s: Settings, rpc: string, redisUrl: string, say: Say): Promise<string> {
  const url = `http://127.0.0.1:${s.dispatcherPort}`;
  const args = ["start", "--rpc", rpc, "--redis", redisUrl, "--redis-prefix", s.redisPrefix, "--spool", L.spool, "--port", String(s.dispatcherPort), "--poll-ms", "200"];
  await ensureProcess(L, "dispatcher", say, () => startNodeCli(L, "dispatcher", CLI.dispatcher, args, `--spool ${L.spool} `), async () => (await getJson(`${url}/healthz`))?.ok);
  return url;
}

/** The Playground's server; its first start may build the page with Vite (a few seconds, once per source change). */
export async function ensurePlayground(L: Layout, s: Settings, say: Say): Promise<string> {
  const url = `http://127.0.0.1:${s.playgroundPort}`;
  const args = ["--home", L.home, "--port", String(s.playgroundPort)];
  await ensureProcess(L, "playground", say, () => startNodeCli(L, "playground", CLI.playground, args, `--home ${L.home} --port`), async () => (await getJson(`${url}/healthz`))?.ok, 120_000);
  return url;
}

/** `byzantine` (tests only): a miner this call starts runs `nesa-miner start --byzantine`; a running one is left as it is. */
export async function ensureMiner(L: Layout, name: string, config: string, metricsPort: number, say: Say, byzantine = false): Promise<PidRecord> {
  const url = `http://127.0.0.1:${metricsPort}`;
  return ensureProcess(
    L,
    name,
    say,
    () => startNodeCli(L, name, CLI.miner, ["-c", config, "start", ...(byzantine ? ["--byzantine"] : [])], `-c ${config} `),
    async () => (await getJson(`${url}/healthz`))?.ok,
    90_000,
  );
}
