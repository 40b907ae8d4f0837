// N validators (CometBFT node + `nesad start --abci` each) as child processes on 127.0.0.1, for
// tests and benchmarks: start, kill -9 one, restart it, read each node's RPC. localnet/ runs the
// same homes and command lines (abci/cometbft-setup.ts, abci/validator-process.ts) detached.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TestAccount } from "../../node/init-home";
import { type SetupValidatorsOptions, type ValidatorHome, setupValidatorHomes } from "../cometbft-setup";
import { REPO_ROOT, abciListening, appProcess, cometbftBinary, nodeProcess } from "../validator-process";

export { cometbftBinary };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function rpc<T = any>(url: string, method: string, params: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), signal: AbortSignal.timeout(5000) });
  const j = (await res.json()) as { result?: T; error?: unknown };
  if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error)}`);
  return j.result as T;
}

interface Running {
  app: ChildProcess;
  node: ChildProcess;
}

export interface CometNetOptions extends Omit<SetupValidatorsOptions, "cometbft" | "ports" | "chainId"> {
  validators: number;
  chainId?: string;
  /** Extra env for nesad (e.g. LOG_LEVEL: "debug" logs every committed app hash). */
  env?: Record<string, string>;
}

export class CometNet {
  private readonly running = new Map<number, Running>();

  private constructor(
    readonly cometbft: string,
    readonly homes: ValidatorHome[],
    readonly accounts: TestAccount[],
    private readonly env: Record<string, string>,
  ) {}

  /** Creates the homes under `dir` and starts every validator; resolves once block 1 is committed. */
  static async start(o: CometNetOptions): Promise<CometNet> {
    const cometbft = cometbftBinary();
    const ports = [];
    for (let i = 0; i < o.validators; i++) ports.push({ rpc: await freePort(), p2p: await freePort() });
    const { homes, accounts } = await setupValidatorHomes({ ...o, cometbft, ports, chainId: o.chainId ?? "nesa-localnet-1" });
    const net = new CometNet(cometbft, homes, accounts, o.env ?? {});
    try {
      await Promise.all(homes.map((_, i) => net.startValidator(i)));
      await net.waitForHeight(1);
    } catch (e) {
      await net.stop();
      throw e;
    }
    return net;
  }

  rpcUrl(i = 0): string {
    return this.homes[i].rpcUrl;
  }

  logOf(i: number, which: "nesad" | "cometbft"): string {
    const f = join(this.homes[i].nesadHome, "..", `${which}.log`);
    return existsSync(f) ? readFileSync(f, "utf8") : "";
  }

  /** Starts validator i's app, then its CometBFT node (which dials the app's socket). */
  async startValidator(i: number): Promise<void> {
    const h = this.homes[i];
    if (this.running.has(i)) throw new Error(`validator ${i} is already running`);
    const log = (which: string) => openSync(join(h.nesadHome, "..", `${which}.log`), "a");
    const appLog = log("nesad");
    const a = appProcess(h);
    const app = spawn(a.cmd, a.args, { cwd: REPO_ROOT, stdio: ["ignore", appLog, appLog], env: { ...process.env, NO_COLOR: "1", ...this.env } });
    closeSync(appLog);
    const deadline = Date.now() + 60_000;
    while (!(await abciListening(h))) {
      if (app.exitCode !== null) throw new Error(`nesad of validator ${i} exited with ${app.exitCode}:\n${this.logOf(i, "nesad").slice(-3000)}`);
      if (Date.now() > deadline) {
        app.kill("SIGKILL");
        throw new Error(`nesad of validator ${i} did not listen on ${h.abciAddress} within 60 s:\n${this.logOf(i, "nesad").slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const nodeLog = log("cometbft");
    const n = nodeProcess(h, this.cometbft);
    const node = spawn(n.cmd, n.args, { stdio: ["ignore", nodeLog, nodeLog] });
    closeSync(nodeLog);
    this.running.set(i, { app, node });
  }

  isRunning(i: number): boolean {
    return this.running.has(i);
  }

  /** kill -9 (or another signal) validator i's node and app; resolves when both exited. */
  async kill(i: number, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const r = this.running.get(i);
    if (!r) return;
    this.running.delete(i);
    const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((res) => c.once("exit", () => res())));
    const both = [exited(r.node), exited(r.app)];
    r.node.kill(signal);
    r.app.kill(signal);
    const timer = setTimeout(() => {
      r.node.kill("SIGKILL");
      r.app.kill("SIGKILL");
    }, 15_000);
    await Promise.all(both);
    clearTimeout(timer);
  }

  async height(i = 0): Promise<number> {
    const s = await rpc(this.rpcUrl(i), "status");
    return Number(s.sync_info.latest_block_height);
  }

  /** Waits until validator i (default: the first running one) has committed `h`. */
  async waitForHeight(h: number, i?: number, timeoutMs = 60_000): Promise<number> {
    const idx = i ?? [...this.running.keys()][0];
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        const got = await this.height(idx);
        if (got >= h) return got;
      } catch {
        // RPC not up yet
      }
      const r = this.running.get(idx);
      if (r && r.app.exitCode !== null) throw new Error(`nesad of validator ${idx} exited:\n${this.logOf(idx, "nesad").slice(-3000)}`);
      if (r && r.node.exitCode !== null) throw new Error(`cometbft of validator ${idx} exited:\n${this.logOf(idx, "cometbft").slice(-3000)}`);
      if (Date.now() > end) throw new Error(`validator ${idx} did not reach height ${h} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** app_hash of the header at height+1 (= app hash after `height`), per validator that has it. */
  async appHashAfter(height: number, i: number): Promise<string> {
    const b = await rpc(this.rpcUrl(i), "block", { height: String(height + 1) });
    return b.block.header.app_hash as string;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((i) => this.kill(i, "SIGTERM")));
  }
}
