// End to end through the real CLI: `nesad init`, `nesad start` (real RPC), an unmodified cosmjs
// client sending tokens with fee "auto", SIGTERM, `nesad replay`, and a restart at the same height.
import { afterAll, describe, expect, it } from "vitest";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";

const ROOT = resolve(import.meta.dirname, "../../../..");
const CLI = join(ROOT, "packages/chain/src/cli/nesad.ts");
// node --import tsx, not the tsx wrapper: the wrapper relays SIGTERM through a short IPC handshake
// that can time out on a loaded machine and then kills the child (exit 143).
const NODE_ARGS = ["--import", "tsx", CLI];
const home = mkdtempSync(join(tmpdir(), "nesad-cli-"));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info" } });
    children.push(p);
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => done({ code, out }));
  });
}

/** Starts the node on a free port; resolves with its RPC url once it logs "nesad started". */
function start(extra: string[] = []): Promise<{ proc: ChildProcess; url: string; logs: () => string }> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, [...NODE_ARGS, "start", "--home", home, "--rpc-laddr", "127.0.0.1:0", "--block-time", "200", ...extra], { cwd: ROOT });
    children.push(proc);
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      const m = /"rpc":"(http:\/\/[^"]+)".*"msg":"nesad started"/.exec(out);
      if (m) ok({ proc, url: m[1], logs: () => out });
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.on("exit", (code) => fail(new Error(`nesad start exited with ${code}: ${out}`)));
  });
}

function stop(proc: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    proc.removeAllListeners("exit");
    proc.on("exit", (code) => done(code));
    proc.kill("SIGTERM");
  });
}

describe("nesad CLI", () => {
  it("init, start, cosmjs sendTokens with fee auto, stop, replay, restart", async () => {
    const init = await run(["init", "--home", home, "--chain-id", "nesa-cli-1", "--accounts", "2"]);
    expect(init.code).toBe(0);
    const accounts = JSON.parse(readFileSync(join(home, "accounts.json"), "utf8")) as { name: string; address: string; mnemonic: string }[];
    expect(accounts.map((a) => a.name)).toEqual(["faucet", "user1"]);
    expect((await run(["init", "--home", home, "--chain-id", "x"])).out).toContain("already exists");

    const node = await start();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(accounts[0].mnemonic, { prefix: "nesa" });
    const client = await SigningStargateClient.connectWithSigner(node.url, wallet, {
      gasPrice: GasPrice.fromString("0.025unes"),
      broadcastPollIntervalMs: 100,
    });
    expect(await client.getChainId()).toBe("nesa-cli-1");
    const before = await client.getBalance(accounts[1].address, "unes");
    const res = await client.sendTokens(accounts[0].address, accounts[1].address, [{ denom: "unes", amount: "4242" }], "auto");
    expect(res.code).toBe(0);
    expect(BigInt((await client.getBalance(accounts[1].address, "unes")).amount)).toBe(BigInt(before.amount) + 4242n);
    expect((await client.getTx(res.transactionHash))?.height).toBe(res.height);
    const bad = client.sendTokens(accounts[0].address, accounts[1].address, [{ denom: "unes", amount: "10000000000000000" }], { amount: [{ denom: "unes", amount: "5000" }], gas: "200000" });
    await expect(bad).resolves.toMatchObject({ code: 5 });
    const height = await client.getHeight();
    client.disconnect();
    expect(await stop(node.proc)).toBe(0);

    const replay = await run(["replay", "--home", home]);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain("replay reproduced every app hash");

    const again = await start(["--api-laddr", "127.0.0.1:0"]);
    const reader = await StargateClient.connect(again.url);
    expect(await reader.getHeight()).toBeGreaterThanOrEqual(height);
    expect((await reader.getBalance(accounts[1].address, "unes")).amount).toBe((BigInt(before.amount) + 4242n).toString());
    // The REST API (LCD) is on only with --api-laddr; it reads the same state.
    expect(node.logs()).not.toMatch(/"rest":"http/);
    const restUrl = /"rest":"(http:\/\/[^"]+)"/.exec(again.logs())?.[1];
    const lcd = await (await fetch(`${restUrl}/cosmos/bank/v1beta1/balances/${accounts[1].address}/by_denom?denom=unes`)).json();
    expect(lcd.balance.amount).toBe((BigInt(before.amount) + 4242n).toString());
    reader.disconnect();
    expect(await stop(again.proc)).toBe(0);
  });

  it("explains an uninitialised home", async () => {
    const r = await run(["start", "--home", join(home, "nope")]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("pnpm nesad init");
  });
});
