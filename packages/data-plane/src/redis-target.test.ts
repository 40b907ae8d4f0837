import { describe, expect, it } from "vitest";
import { clusterUrl, parseClusterNodes, redactRedisUrl, redisTarget, redisUrlProblem } from "./redis-target";

describe("redisTarget", () => {
  it("reads a single Redis URL as is", () => {
    expect(redisTarget("redis://127.0.0.1:6379")).toEqual({ kind: "single", url: "redis://127.0.0.1:6379" });
  });

  it("reads redis-cluster://h:p,h:p as the cluster's seed nodes (with a password when given)", () => {
    expect(redisTarget("redis-cluster://127.0.0.1:7000,127.0.0.1:7001")).toEqual({ kind: "cluster", nodes: [{ host: "127.0.0.1", port: 7000 }, { host: "127.0.0.1", port: 7001 }] });
    expect(redisTarget("redis-cluster://:s%40cret@10.0.0.1:7000")).toEqual({ kind: "cluster", nodes: [{ host: "10.0.0.1", port: 7000 }], password: "s@cret" });
  });

  it("lets REDIS_CLUSTER_NODES in the environment win over the URL", () => {
    expect(redisTarget("redis://127.0.0.1:6379", { REDIS_CLUSTER_NODES: "a:1, b:2" })).toEqual({ kind: "cluster", nodes: [{ host: "a", port: 1 }, { host: "b", port: 2 }] });
    expect(redisTarget("redis://127.0.0.1:6379", { REDIS_CLUSTER_NODES: "" }).kind).toBe("single");
  });

  it("round-trips the URL the localnet writes", () => {
    const nodes = [{ host: "127.0.0.1", port: 1 }, { host: "127.0.0.1", port: 65535 }];
    expect(redisTarget(clusterUrl(nodes))).toEqual({ kind: "cluster", nodes });
  });

  it("refuses a bad node list, naming where it came from and the bad entry", () => {
    expect(() => parseClusterNodes("a:1,b")).toThrow(/REDIS_CLUSTER_NODES: expected host:port.*"b"/);
    expect(() => parseClusterNodes("a:0")).toThrow(/"a:0"/);
    expect(() => parseClusterNodes(" , ")).toThrow(/at least one/);
    expect(() => redisTarget("redis-cluster://a:99999")).toThrow(/redisUrl: expected host:port/);
  });

  it("says why a URL names no Redis, and nothing when it does", () => {
    expect(redisUrlProblem("redis://127.0.0.1:6379")).toBeUndefined();
    expect(redisUrlProblem("redis-cluster://127.0.0.1:7000")).toBeUndefined();
    expect(redisUrlProblem("http://x")).toMatch(/expected redis:\/\/host:port/);
    expect(redisUrlProblem("redis-cluster://x")).toMatch(/expected host:port/);
  });

  it("leaves the password out of a URL for logs", () => {
    expect(redactRedisUrl("redis://:pw@h:1")).toBe("redis://h:1");
    expect(redactRedisUrl("redis-cluster://:pw@h:1,h:2")).toBe("redis-cluster://h:1,h:2");
  });
});
