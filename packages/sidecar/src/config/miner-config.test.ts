import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SidecarCode } from "../errors";
import { loadConfig } from "./load-config";
import { envName, resolveConfig } from "./miner-config";

describe("miner config", () => {
  it("env overrides beat the file, which beats the defaults", () => {
    const cfg = resolveConfig(
      { rpcUrl: "http://10.0.0.1:26657", concurrency: 3, models: ["lande"] },
      { NESA_MINER_RPC_URL: "http://127.0.0.1:36657", NESA_MINER_MODELS: "lande, ocr", NESA_MINER_ALLOW_SPINNING: "true" },
    );
    expect(cfg.rpcUrl).toBe("http://127.0.0.1:36657");
    expect(cfg.concurrency).toBe(3);
    expect(cfg.models).toEqual(["lande", "ocr"]);
    expect(cfg.allowSpinning).toBe(true);
    expect(cfg.metricsHost).toBe("127.0.0.1");
    expect(envName("tensorTtlSeconds")).toBe("NESA_MINER_TENSOR_TTL_SECONDS");
  });

  it("lists every bad field with where it came from", () => {
    const err = (() => {
      try {
        resolveConfig({ rpcUrl: "not a url", concurrency: -1, bogus: 1 }, { NESA_MINER_METRICS_PORT: "abc" }, "/etc/miner.json");
      } catch (e) {
        return e as Error & { code: number };
      }
    })();
    expect(err?.code).toBe(SidecarCode.BadConfig);
    expect(err?.message).toContain('"rpcUrl" in /etc/miner.json');
    expect(err?.message).toContain('"concurrency" in /etc/miner.json: expected a non-negative integer');
    expect(err?.message).toContain("NESA_MINER_METRICS_PORT (environment)");
    expect(err?.message).toContain('unknown field "bogus"');
  });

  it("takes a Redis Cluster URL, from the file or NESA_MINER_REDIS_URL, and refuses a bad node list", () => {
    const url = "redis-cluster://127.0.0.1:7000,127.0.0.1:7001";
    expect(resolveConfig({ redisUrl: url }, {}).redisUrl).toBe(url);
    expect(resolveConfig({}, { NESA_MINER_REDIS_URL: url }).redisUrl).toBe(url);
    expect(() => resolveConfig({ redisUrl: "redis-cluster://127.0.0.1:7000,nope" }, {})).toThrow(/"redisUrl" in config file: redisUrl: expected host:port/);
  });

  it("refuses --byzantine outside a localnet chain id", () => {
    expect(resolveConfig({ byzantine: true }, {}).byzantine).toBe(true);
    expect(() => resolveConfig({ byzantine: true, chainId: "nesa-mainnet-1" }, {})).toThrow(/refused on chain "nesa-mainnet-1"/);
  });

  it("loads a JSON file and explains a broken one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nesa-cfg-"));
    try {
      await writeFile(join(dir, "ok.json"), JSON.stringify({ redisPrefix: "p1" }));
      expect((await loadConfig(join(dir, "ok.json"), {})).redisPrefix).toBe("p1");
      await writeFile(join(dir, "bad.json"), "{ nope");
      await expect(loadConfig(join(dir, "bad.json"), {})).rejects.toThrow(/is not valid JSON/);
      await expect(loadConfig(join(dir, "missing.json"), {})).rejects.toThrow(/cannot read config file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
