// Which Redis the localnet uses: REDIS_URL if set (it must answer), else one answering on 127.0.0.1:6379,
// else a private redis-server that the localnet starts on a free port and stops again.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Layout } from "./layout";
import { freePort, waitUntil } from "./net";
import { logTail, running, startDetached } from "./processes";

export const REDIS_PROC = "redis";

async function pong(url: string): Promise<boolean> {
  const u = new URL(url);
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const sock = connect({ host: u.hostname, port: Number(u.port || 6379) });
    let got = "";
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(2000, () => done(false));
    sock.once("error", () => done(false));
    sock.once("connect", () => sock.write(u.password ? `AUTH ${decodeURIComponent(u.password)}\r\nPING\r\n` : "PING\r\n"));
    sock.on("data", (d) => {
      got += d.toString();
      if (got.includes("PONG")) done(true);
      else if (got.includes("-")) done(false);
    });
  });
}

function hasRedisServer(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Returns the Redis URL to use, starting a private redis-server if nothing answers. */
export async function ensureRedis(L: Layout, previousUrl: string | undefined, say: (m: string) => void): Promise<string> {
  const own = running(L, REDIS_PROC);
  if (own && previousUrl && (await pong(previousUrl))) {
    say(`redis: already running (pid ${own.pid}) at ${previousUrl}`);
    return previousUrl;
  }
  const envUrl = process.env.REDIS_URL;
  if (envUrl) {
    if (await pong(envUrl)) return envUrl;
    throw new Error(`REDIS_URL=${envUrl} does not answer PING: start that Redis, or unset REDIS_URL to let the localnet pick one`);
  }
  const local = "redis://127.0.0.1:6379";
  if (await pong(local)) return local;
  if (!hasRedisServer()) {
    throw new Error(
      "no Redis answers on 127.0.0.1:6379 and redis-server is not installed.\n" +
        "  install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),\n" +
        "  or set REDIS_URL=redis://host:port to a running Redis, then run localnet/start again",
    );
  }
  const port = await freePort();
  const dir = join(L.home, "redis");
  mkdirSync(dir, { recursive: true });
  say(`redis: none found; starting a private redis-server on 127.0.0.1:${port} (in memory)`);
  const rec = startDetached(L, REDIS_PROC, "redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], `:${port}`);
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil("redis-server", async () => ((await pong(url)) ? true : undefined), 10_000, () => {
    if (!running(L, REDIS_PROC)) throw new Error(`redis-server (pid ${rec.pid}) exited:\n${logTail(L, REDIS_PROC)}`);
  });
  return url;
}
