// Background processes of a localnet: each is started detached (it outlives `localnet/start`), logs to
// DIR/logs/<name>.log, and is recorded in DIR/run/<name>.pid together with a marker that its command line
// must contain. `stop` only signals a pid whose command line still holds that marker, so a pid reused by
// an unrelated process after a reboot is never killed.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Layout } from "./layout";
import { REPO_ROOT } from "./layout";

export type PidRecord = { name: string; pid: number; marker: string; command: string; startedAt: string };

const pidFile = (L: Layout, name: string) => join(L.run, `${name}.pid`);

/** The process's command line, or undefined if it is gone (or a zombie). */
export function commandLine(pid: number): string | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (/\) Z /.test(status)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return undefined;
  }
}

export function readPid(L: Layout, name: string): PidRecord | undefined {
  const file = pidFile(L, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PidRecord;
  } catch {
    return undefined;
  }
}

/** The recorded process if it is still running and still the one we started. */
export function running(L: Layout, name: string): PidRecord | undefined {
  const rec = readPid(L, name);
  if (!rec) return undefined;
  return commandLine(rec.pid)?.includes(rec.marker) ? rec : undefined;
}

export function listPids(L: Layout): PidRecord[] {
  if (!existsSync(L.run)) return [];
  return readdirSync(L.run)
    .filter((f) => f.endsWith(".pid"))
    .map((f) => readPid(L, f.slice(0, -4)))
    .filter((r): r is PidRecord => r !== undefined);
}

/** Starts a node CLI (TypeScript through tsx's loader, no wrapper process) detached, logging to DIR/logs. */
export function startNodeCli(L: Layout, name: string, script: string, args: string[], marker: string, env: NodeJS.ProcessEnv = {}): PidRecord {
  return startDetached(L, name, process.execPath, ["--import", "tsx", script, ...args], marker, env);
}

export function startDetached(L: Layout, name: string, cmd: string, args: string[], marker: string, env: NodeJS.ProcessEnv = {}): PidRecord {
  mkdirSync(L.logs, { recursive: true });
  mkdirSync(L.run, { recursive: true });
  const log = openSync(join(L.logs, `${name}.log`), "a");
  try {
    const child = spawn(cmd, args, {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, LOG_FORMAT: "json", ...env },
    });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd}): see ${join(L.logs, `${name}.log`)}`);
    child.unref();
    const rec: PidRecord = { name, pid: child.pid, marker, command: [cmd, ...args].join(" "), startedAt: new Date().toISOString() };
    writeFileSync(pidFile(L, name), `${JSON.stringify(rec)}\n`);
    return rec;
  } finally {
    closeSync(log);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. Returns what happened. */
export async function stopProcess(L: Layout, name: string, graceMs = 8000): Promise<"stopped" | "killed" | "not-running"> {
  const rec = readPid(L, name);
  let outcome: "stopped" | "killed" | "not-running" = "not-running";
  if (rec && commandLine(rec.pid)?.includes(rec.marker)) {
    outcome = "stopped";
    try {
      process.kill(rec.pid, "SIGTERM");
    } catch {}
    const end = Date.now() + graceMs;
    while (commandLine(rec.pid) !== undefined && Date.now() < end) await sleep(50);
    if (commandLine(rec.pid) !== undefined) {
      outcome = "killed";
      try {
        process.kill(rec.pid, "SIGKILL");
      } catch {}
      while (commandLine(rec.pid) !== undefined) await sleep(20);
    }
  }
  rmSync(pidFile(L, name), { force: true });
  return outcome;
}

/** Last lines of a process's log, for error messages. */
export function logTail(L: Layout, name: string, lines = 15): string {
  try {
    return execFileSync("tail", ["-n", String(lines), join(L.logs, `${name}.log`)], { encoding: "utf8" });
  } catch {
    return "(no log)";
  }
}
