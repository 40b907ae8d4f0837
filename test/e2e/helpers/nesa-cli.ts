// Runs the dApp CLI exactly as a user would (`pnpm nesa …`) as a real process, and parses its --json output.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export type CliRun = { code: number | null; stdout: string; stderr: string; json?: Record<string, unknown> };

export function runNesaCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", ["--silent", "nesa", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("exit", (code) => {
      let json: Record<string, unknown> | undefined;
      try {
        // printJson may indent: the whole stdout is the one JSON object.
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
