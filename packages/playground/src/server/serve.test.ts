// The playground server on its own, against a stand-in upstream: what /api/localnet hands the page (with and
// without dev mode), the same-origin proxies' path mapping and body cap, the EE key route, and the refusals
// (no localnet.json yet, a path outside dist/).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PROXY_BODY } from "./proxy";
import { type PlaygroundServer, startPlaygroundServer } from "./serve";

const ACCOUNT = { name: "user1", address: "nesa1user", mnemonic: "test words" };

describe("playground server", () => {
  const home = mkdtempSync(join(tmpdir(), "nesa-playground-serve-"));
  const seen: string[] = [];
  let upstream: Server;
  let dev: PlaygroundServer;
  let prod: PlaygroundServer;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path: req.url }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
    dev = await startPlaygroundServer({ home });
    prod = await startPlaygroundServer({ home, devMode: false });
  });

  afterAll(async () => {
    await dev?.close();
    await prod?.close();
    await new Promise((r) => upstream.close(r));
    rmSync(home, { recursive: true, force: true });
  });

  const writeHome = () => {
    const port = (upstream.address() as { port: number }).port;
    const base = `http://127.0.0.1:${port}`;
    writeFileSync(join(home, "lande.key.json"), JSON.stringify({ modelId: "lande", k: 1 }));
    const info = { rpc: base, chainId: "nesa-localnet-1", redisUrl: "redis://x", dispatcherUrl: `${base}/d`, modelStoreUrl: base, accounts: [ACCOUNT], miners: [], models: { lande: { manifest: "m.json", eeKeyFile: "lande.key.json" }, ocr: { manifest: "m.json", eeKeyFile: "missing.json" } }, modelOwner: "user1", blockTimeMs: 200 };
    writeFileSync(join(home, "localnet.json"), JSON.stringify(info));
  };

  it("answers 503 with the reason while the localnet has written no localnet.json", async () => {
    const res = await fetch(`${dev.url}/api/localnet`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/localnet\.json does not exist yet/);
    expect((await fetch(`${dev.url}/healthz`)).status).toBe(200);
  });

  it("hands the page the chain's facts; test accounts only in dev mode; keys only for models with a key file", async () => {
    writeHome();
    const cfg = (await (await fetch(`${dev.url}/api/localnet`)).json()) as Record<string, unknown>;
    expect(cfg).toMatchObject({ chainId: "nesa-localnet-1", devMode: true, accounts: [ACCOUNT], modelOwner: "user1", keyedModels: ["lande"], blockTimeMs: 200 });
    expect(cfg.keplrChainInfo).toMatchObject({ chainId: "nesa-localnet-1", rpc: `${dev.url}/rpc`, rest: `${dev.url}/rest` });
    const prodCfg = (await (await fetch(`${prod.url}/api/localnet`)).json()) as Record<string, unknown>;
    expect(prodCfg).toMatchObject({ devMode: false, accounts: [] });
    expect(await (await fetch(`${dev.url}/api/ee-key/lande`)).json()).toEqual({ modelId: "lande", k: 1 });
    expect((await fetch(`${dev.url}/api/ee-key/ocr`)).status).toBe(404);
  });

  it("proxies /rpc to the RPC's root and /dispatcher/<path> under the dispatcher's URL; a localnet without REST says so", async () => {
    writeHome();
    const rpc = await fetch(`${dev.url}/rpc`, { method: "POST", body: '{"method":"status"}', headers: { "content-type": "application/json" } });
    expect(await rpc.json()).toEqual({ path: "/" });
    expect(await (await fetch(`${dev.url}/dispatcher/v1/tensors/ab?x=1`)).json()).toEqual({ path: "/d/v1/tensors/ab?x=1" });
    expect(seen).toContain('POST / {"method":"status"}');
    const rest = await fetch(`${dev.url}/rest/cosmos/bank/v1beta1/params`);
    expect(rest.status).toBe(503);
    expect(((await rest.json()) as { error: string }).error).toMatch(/no rest endpoint/);
  });

  it("refuses a body over the cap and a path outside dist/", async () => {
    writeHome();
    const big = await fetch(`${dev.url}/dispatcher/v1/inputs/1`, { method: "PUT", body: new Uint8Array(MAX_PROXY_BODY + 1) });
    expect(big.status).toBe(413);
    expect(seen.some((s) => s.startsWith("PUT /d/v1/inputs/1"))).toBe(false);
    const res = await fetch(`${dev.url}/..%2f..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
  });
});
