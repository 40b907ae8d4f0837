// The real CLI in a child process: key handling and config refusals, as an operator sees them.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("./nesa-miner.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
const run = promisify(execFile);

async function miner(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: "info", ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("nesa-miner CLI", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nesa-cli-"));
  const config = join(dir, "miner.json");
  await writeFile(config, JSON.stringify({ keyFile: join(dir, "keys", "key.json"), models: ["lande"] }));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keys add creates a 0600 key file and prints only public values; keys show agrees", async () => {
    const add = await miner(["-c", config, "keys", "add"]);
    expect(add.code).toBe(0);
    const out = JSON.parse(add.stdout);
    expect(out.address).toMatch(/^nesa1/);
    expect((await stat(join(dir, "keys", "key.json"))).mode & 0o777).toBe(0o600);
    const { mnemonic } = JSON.parse(await readFile(join(dir, "keys", "key.json"), "utf8"));
    const firstWords = mnemonic.split(" ").slice(0, 3).join(" ");
    expect(add.stdout + add.stderr).not.toContain(firstWords);
    const show = await miner(["-c", config, "keys", "show"]);
    expect(JSON.parse(show.stdout)).toEqual(out);
  });

  it("refuses --byzantine on a non-localnet chain with a message naming the setting", async () => {
    const byz = await miner(["-c", config, "start", "--byzantine"], { NESA_MINER_CHAIN_ID: "nesa-mainnet-1" });
    expect(byz.code).toBe(1);
    expect(byz.stderr).toMatch(/byzantine: refused on chain \\"nesa-mainnet-1\\"/);
  });
});
