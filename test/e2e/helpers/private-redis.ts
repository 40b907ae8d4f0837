// A redis-server of our own on a free port, for tests that FLUSHALL: the shared Redis is never flushed.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "../../../localnet/src/deps";
import { freePort, waitUntil } from "../../../localnet/src/net";

export type PrivateRedis = { url: string; stop(): Promise<void> };

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "nesa-e2e-redis-"));
  const child: ChildProcess = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil("private redis-server", async () => {
      const r = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
      r.on("error", () => {});
      try {
        await r.connect();
        return (await r.ping()) === "PONG" ? true : undefined;
      } catch {
        return undefined;
      } finally {
        r.disconnect();
      }
    }, 10_000);
  } catch (err) {
    await stop();
    throw new Error(`redis-server did not start (install it: sudo apt-get install redis-server): ${(err as Error).message}`);
  }
  return { url, stop };
}
