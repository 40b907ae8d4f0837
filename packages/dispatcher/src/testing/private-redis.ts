// Test helper: a private, in-memory redis-server on a free port, for tests that FLUSHALL or restart Redis
// (never the shared one).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export type PrivateRedis = {
  url: string;
  stop(): Promise<void>;
  /** Starts the server again on the same port, empty (no persistence). */
  start(): Promise<void>;
};

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on("error", () => {}); // refused connections are expected until the server listens
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (err) {
      if (Date.now() > end || proc.exitCode !== null) throw new Error(`redis-server on port ${port} did not start: ${(err as Error).message}`);
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return proc;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (!proc) proc = await spawnRedis(port);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const p = proc;
        proc = undefined;
        if (!p || p.exitCode !== null) return resolve();
        p.once("exit", () => resolve());
        p.kill("SIGTERM");
      }),
  };
}
