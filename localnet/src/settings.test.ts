import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layout } from "./layout";
import { loadSettings } from "./settings";

describe("localnet settings", () => {
  const home = join(mkdtempSync(join(tmpdir(), "nesa-settings-")), "home");
  afterAll(() => rmSync(join(home, ".."), { recursive: true, force: true }));

  it("keeps the Redis prefix across starts, and draws a new one for a home recreated at the same path", async () => {
    const first = await loadSettings(layout(home), { home, rpcPort: 1 });
    expect((await loadSettings(layout(home), { home })).redisPrefix).toBe(first.redisPrefix);
    rmSync(home, { recursive: true, force: true });
    // A new chain restarts query ids at 1: sharing the old prefix would make its jobs look done already.
    expect((await loadSettings(layout(home), { home, rpcPort: 1 })).redisPrefix).not.toBe(first.redisPrefix);
  });
});
