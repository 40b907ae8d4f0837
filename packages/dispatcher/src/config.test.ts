import { describe, expect, it } from "vitest";
import { resolveConfig } from "./config";

const base = { rpcUrl: "http://127.0.0.1:26657", redisUrl: "redis://127.0.0.1:6379", spoolDir: "/tmp/spool" };

describe("resolveConfig", () => {
  it("fills defaults: loopback bind, 16 MiB input limit, the network's 'nesa' prefix", () => {
    expect(resolveConfig(base)).toMatchObject({ host: "127.0.0.1", maxInputBytes: 16 * 1024 * 1024, redisPrefix: "nesa" });
  });

  it("names every bad field at once", () => {
    expect(() => resolveConfig({ ...base, rpcUrl: "localhost:26657", port: 70000, maxInputBytes: 0, redisPrefix: "a b" })).toThrow(
      /rpcUrl: expected http[\s\S]*redisPrefix[\s\S]*port: expected 0-65535[\s\S]*maxInputBytes: expected a positive integer/,
    );
  });

  it("takes a Redis Cluster as redis-cluster://host:port,… and names a bad node", () => {
    expect(resolveConfig({ ...base, redisUrl: "redis-cluster://127.0.0.1:7000,127.0.0.1:7001" }).redisUrl).toBe("redis-cluster://127.0.0.1:7000,127.0.0.1:7001");
    expect(() => resolveConfig({ ...base, redisUrl: "redis-cluster://127.0.0.1" })).toThrow(/redisUrl: redisUrl: expected host:port.*"127.0.0.1"/);
  });
});
