// One-shot CLI runs (prepare, import, keys, register): output appended to DIR/logs/<name>.log; a failure
// names the log and shows its tail.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import type { Layout } from "./layout";
import { REPO_ROOT } from "./layout";
import { logTail } from "./processes";

/** Runs `node --import tsx <script> ...args` to completion; resolves with its stdout. */
export async function runCli(L: Layout, logName: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  mkdirSync(L.logs, { recursive: true });
  const log = openSync(join(L.logs, `${logName}.log`), "a");
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", log], env: { ...process.env, ...env } });
      let out = "";
      child.stdout?.on("data", (d) => (out += d));
      child.once("error", reject);
      child.once("exit", (code) => {
        if (code === 0) resolve(out);
        else reject(new Error(`${logName} failed (exit ${code}); see ${join(L.logs, `${logName}.log`)}:\n${logTail(L, logName)}`));
      });
    });
  } finally {
    closeSync(log);
  }
}
