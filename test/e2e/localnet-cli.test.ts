// The localnet scripts' command line without a network: help, argument errors and the Redis error each say
// what to do next, and nothing is started when the arguments are wrong.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../localnet/src/net";
import { runScript } from "./helpers/localnet-fixture";

describe("localnet scripts", () => {
  const home = mkdtempSync(join(tmpdir(), "nesa-e2e-cli-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("--help describes start and stop", async () => {
    const start = await runScript("start", ["--help"]);
    const stop = await runScript("stop", ["--help"]);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/usage: localnet\/start --home DIR \[--validators N\] \[--miners N\] \[--rpc-port P\] \[--rest-port P\] \[--block-time MS\] \[--byzantine-miners I,J\] \[--redis-cluster\]/);
    expect(start.stdout).toContain("localnet.json");
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/usage: localnet\/stop --home DIR/);
  });

  it("refuses a bad --miners value before starting anything", async () => {
    const res = await runScript("start", ["--home", home, "--miners", "0"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--miners must be an integer ≥ 1, got "0"/);
    expect(existsSync(join(home, "run", "nesad.pid"))).toBe(false);
  });

  it("a REDIS_URL that does not answer fails with what to do, and starts no process", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const res = await runScript("start", ["--home", home, "--miners", "1"], { REDIS_URL: url });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`REDIS_URL=${url} does not answer PING`);
    expect(res.stderr).toMatch(/unset REDIS_URL/);
    expect(existsSync(join(home, "run", "nesad.pid"))).toBe(false);
  });

  it("stop on a home where nothing runs says so and succeeds", async () => {
    const res = await runScript("stop", ["--home", home]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/nothing recorded as running/);
  });
});
