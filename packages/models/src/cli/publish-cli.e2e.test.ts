// The owner's commands as processes, against an in-process chain's CometBFT RPC: `nesa-model-store serve --rpc`
// (the store the localnet runs) and `nesa-models publish --rpc --store --mnemonic-file` (an owner outside a
// localnet). Publish signs an upload intent, uploads both shards before the registration, then registers.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalnetFixture, startLocalnetFixture } from "../../../client/src/testing/localnet-fixture";
import { prepareOnnx } from "../generic/prepare-onnx";
import { buildConvNet } from "../generic/conv-net";
import { saveOnnx } from "../onnx/onnx-io";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../../..");
const log = pino({ level: "silent" });

describe("nesa-model-store serve --rpc + nesa-models publish, as processes", () => {
  let net: LocalnetFixture;
  let store: ChildProcess | undefined;
  let storeUrl: string;

  beforeAll(async () => {
    net = await startLocalnetFixture({ miners: 0 });
    store = spawn("pnpm", ["-s", "nesa-model-store", "serve", "--dir", join(net.dir, "cli-store"), "--port", "0", "--rpc", net.info.rpc], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    storeUrl = await new Promise<string>((ok, fail) => {
      let err = "";
      store?.stderr?.on("data", (c) => {
        err += String(c);
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(err);
        if (m) ok(m[1]);
      });
      store?.once("exit", (code) => fail(new Error(`nesa-model-store exited ${code}: ${err}`)));
    });
  }, 90_000);
  afterAll(async () => {
    if (store?.pid !== undefined && store.exitCode === null) {
      const exited = new Promise((r) => store?.once("exit", r));
      store.kill("SIGTERM");
      await exited;
    }
    await net?.close();
  });

  it("uploads under a signed intent, then registers; the store refuses blobs of no model", async () => {
    const onnx = join(net.dir, "cli-net.onnx");
    await writeFile(onnx, saveOnnx(buildConvNet({ seed: 5 })));
    const manifest = await prepareOnnx({ onnx, id: "cli-net", name: "CLI conv net", shards: 2, out: join(net.dir, "cli-net"), ee: true }, log);
    const mnemonicFile = join(net.dir, "owner.mnemonic");
    await writeFile(mnemonicFile, net.accounts[0].mnemonic);
    await chmod(mnemonicFile, 0o600);
    const args = ["-s", "nesa-models", "publish", "--manifest", join(net.dir, "cli-net", "manifest.json"), "--price", "1000unes", "--rpc", net.info.rpc, "--store", storeUrl, "--mnemonic-file", mnemonicFile];
    const { stdout } = await promisify(execFile)("pnpm", args, { cwd: REPO_ROOT });
    const r = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    expect(r).toMatchObject({ modelId: "cli-net", owner: net.accounts[0].address, alreadyRegistered: false, alreadyStored: [] });
    expect(r.intentExpiresHeight).toBeGreaterThan(r.height);
    expect(r.uploaded.sort()).toEqual(manifest.shards.map((s) => s.sha256).sort());
    for (const s of manifest.shards) expect((await fetch(`${storeUrl}/blobs/${s.sha256}`)).status).toBe(200);
    const junk = await fetch(`${storeUrl}/blobs/${"ab".repeat(32)}?model=cli-net`, { method: "PUT", body: "x" });
    expect([junk.status, (await junk.json()).code]).toEqual([403, 7]);
  }, 90_000);
});
