// One localnet per test file: `localnet/start` in a temporary home on a free RPC port, and a stop that runs
// `localnet/stop`, deletes the localnet's Redis keys (its own prefix only) and the home.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectQueries, type NesaQueries, type Signer, signerFromMnemonic } from "../../../localnet/src/chain-client";
import { Redis } from "../../../localnet/src/deps";
import { CLUSTER_SCHEME } from "../../../packages/data-plane/src/index";
import { createRedis, type RedisClient } from "../../../packages/sidecar/src/redis/connection";
import { type LocalnetInfo, readLocalnetInfo } from "../../../localnet/src/localnet-info";
import { layout } from "../../../localnet/src/layout";
import { freePort } from "../../../localnet/src/net";
import { commandLine, running, stopProcess } from "../../../localnet/src/processes";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export function runScript(script: "start" | "stop", args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, "localnet", script), args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export type Localnet = {
  home: string;
  info: LocalnetInfo;
  q: NesaQueries;
  /** The localnet's data plane: one Redis, or its Redis Cluster (`args: ["--redis-cluster"]`). */
  redis: RedisClient;
  /** A signer per genesis user account (accounts[2…]); accounts[0] is the faucet, [1] the model owner. */
  user(i: number): Promise<Signer>;
  /** Stops one recorded process gracefully (SIGTERM), as localnet/stop would. */
  stopProcess(name: string): Promise<string>;
  /** kill -9 of one recorded process; resolves once it is gone. */
  kill9(name: string): Promise<number>;
  /** `localnet/start` again (restarts whatever is not running). */
  restart(): Promise<string>;
  stop(): Promise<void>;
};

export async function startLocalnet(opts: { miners: number; blockTimeMs?: number; tag: string; env?: NodeJS.ProcessEnv; args?: string[] }): Promise<Localnet> {
  const home = mkdtempSync(join(tmpdir(), `nesa-e2e-${opts.tag}-`));
  const args = ["--home", home, "--miners", String(opts.miners), "--rpc-port", String(await freePort()), "--rest-port", String(await freePort()), "--block-time", String(opts.blockTimeMs ?? 200), ...(opts.args ?? [])];
  const cleanup: (() => void | Promise<void>)[] = [];
  const stop = async () => {
    for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => {});
    const res = await runScript("stop", ["--home", home]);
    const prefix = (() => {
      try {
        return readLocalnetInfo(home).redisPrefix;
      } catch {
        return undefined;
      }
    })();
    if (prefix) await deletePrefix(readLocalnetInfo(home).redisUrl, prefix);
    // NESA_E2E_KEEP=1 keeps the home (logs, chain) for a post-mortem.
    if (res.code === 0 && !process.env.NESA_E2E_KEEP) rmSync(home, { recursive: true, force: true });
  };
  const started = await runScript("start", args, opts.env);
  if (started.code !== 0) {
    await stop();
    throw new Error(`localnet/start failed:\n${started.stderr}`);
  }
  const info = readLocalnetInfo(home);
  const chain = await connectQueries(info.rpc);
  const redis = createRedis(info.redisUrl, {});
  cleanup.push(() => chain.disconnect(), () => void redis.disconnect());
  return {
    home,
    info,
    q: chain.q,
    redis,
    async user(i) {
      const s = await signerFromMnemonic(info.rpc, info.accounts[i].mnemonic);
      cleanup.push(() => s.disconnect());
      return s;
    },
    stopProcess: (name) => stopProcess(layout(home), name),
    async kill9(name) {
      const rec = running(layout(home), name);
      if (!rec) throw new Error(`${name} is not running`);
      process.kill(rec.pid, "SIGKILL");
      while (commandLine(rec.pid) !== undefined) await new Promise((r) => setTimeout(r, 20));
      return rec.pid;
    },
    async restart() {
      const res = await runScript("start", ["--home", home], opts.env);
      if (res.code !== 0) throw new Error(`localnet/start (again) failed:\n${res.stderr}`);
      return res.stderr;
    },
    stop,
  };
}

/** Deletes the localnet's keys by SCAN (never FLUSHALL: the Redis may be shared); a cluster of its own goes with the home. */
async function deletePrefix(url: string, prefix: string): Promise<void> {
  if (url.startsWith(CLUSTER_SCHEME)) return;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
