// Starts real nesad nodes for integration tests: in process (createNode + startRpcServer on a
// temp home) or as the real CLI child process (`nesad start`), always over real HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNode, initHome, type NesaNode, type TestAccount } from "@nesa/chain";
import { pino } from "pino";
import { type RpcServer, startRpcServer } from "../../../packages/chain/src/rpc";

export const CHAIN_ID = "nesa-localnet-1";
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface Home {
  home: string;
  accounts: TestAccount[];
  remove(): void;
}

export async function makeHome(accounts = 5, appStateOverrides?: Record<string, Record<string, unknown>>): Promise<Home> {
  const home = mkdtempSync(join(tmpdir(), "nesa-it-"));
  const init = await initHome({ home, chainId: CHAIN_ID, accounts, appStateOverrides });
  return { home, accounts: init.accounts, remove: () => rmSync(home, { recursive: true, force: true }) };
}

export interface InProcessNode {
  node: NesaNode;
  rpc: RpcServer;
  url: string;
  close(): Promise<void>;
}

export async function startInProcess(home: string, blockTimeMs = 150): Promise<InProcessNode> {
  const node = await createNode({ home, blockTimeMs, checkInvariants: true });
  const rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "warn" }) });
  return {
    node,
    rpc,
    url: rpc.url,
    async close() {
      await rpc.close();
      await node.close();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
    srv.on("error", reject);
  });
}

export interface SpawnedNode {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Runs the real CLI (`pnpm nesad start`'s entry file, loaded through tsx) on `home`. */
export async function spawnNesad(home: string, port: number, blockTimeMs = 150): Promise<SpawnedNode> {
  const cli = join(REPO_ROOT, "packages/chain/src/cli/nesad.ts");
  // node --import tsx rather than the tsx binary: tsx relays signals through a wrapper process,
  // which times out under load, so SIGTERM would not reach nesad's own shutdown.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", cli, "start", "--home", home, "--rpc-laddr", `127.0.0.1:${port}`, "--block-time", String(blockTimeMs)],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let out = "";
  child.stdout?.on("data", (c) => (out += c));
  child.stderr?.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nesad exited with ${child.exitCode} before serving RPC:\n${out}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nesad did not serve ${url}/health within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resolves once the chain has produced a block above `height`. */
export async function waitForHeight(url: string, above: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/status`);
    const h = Number((await res.json()).result.sync_info.latest_block_height);
    if (h > above) return h;
    if (Date.now() > deadline) throw new Error(`chain stuck at height ${h} (waited for > ${above})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
