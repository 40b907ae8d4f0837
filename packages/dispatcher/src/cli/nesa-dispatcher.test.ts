// The CLI as an operator runs it: --help, then `start` against a real nesad RPC and Redis, healthy, and a
// clean stop on SIGTERM.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestChain, type TestChain } from "@nesa/chain/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRpcServer, type RpcServer } from "../../../chain/src/rpc/index";
import { deletePrefix, randomPrefix, TEST_REDIS_URL } from "../../../sidecar/src/testing/redis-test-env";
import { eventually } from "../testing/eventually";

const CLI = join(import.meta.dirname, "nesa-dispatcher.ts");
const TSX = join(import.meta.dirname, "../../../../node_modules/.bin/tsx");
let chain: TestChain;
let rpc: RpcServer;
const spool = mkdtempSync(join(tmpdir(), "nesa-dispatcher-cli-"));
const prefix = randomPrefix("dispatcher-cli");

beforeAll(async () => {
  chain = await startTestChain({ accounts: 1 });
  await chain.node.produceBlock();
  rpc = await startRpcServer(chain.node, { port: 0, logger: pino({ level: "silent" }) });
});

afterAll(async () => {
  await rpc?.close();
  await chain?.cleanup();
  await deletePrefix(prefix);
  rmSync(spool, { recursive: true, force: true });
});

describe("nesa-dispatcher CLI", () => {
  it("documents its flags", async () => {
    const { stdout } = await promisify(execFile)(TSX, [CLI, "start", "--help"]);
    for (const flag of ["--rpc <url>", "--redis <url>", "--spool <dir>", "--port <port>", "--max-input-bytes"]) expect(stdout).toContain(flag);
  });

  it("starts, reports healthy once it has dispatched a height, and stops on SIGTERM", async () => {
    const proc: ChildProcess = spawn(TSX, [CLI, "start", "--rpc", rpc.url, "--redis", TEST_REDIS_URL, "--spool", spool, "--port", "0", "--redis-prefix", prefix], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let logs = "";
    proc.stdout?.on("data", (d) => (out += d));
    proc.stderr?.on("data", (d) => (logs += d));
    const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
    try {
      const url = await eventually(async () => /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1], "the URL on stdout");
      const health = await eventually(async () => {
        const res = await fetch(`${url}/healthz`);
        return res.status === 200 ? res.json() : undefined;
      }, "healthy");
      expect(health).toMatchObject({ status: "ok", redis: "ready" });
      // Structured logs: JSON lines on stderr (not a TTY here).
      expect(logs.split("\n").filter(Boolean).map((l) => JSON.parse(l).msg)).toContain("dispatcher started");
    } finally {
      proc.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
