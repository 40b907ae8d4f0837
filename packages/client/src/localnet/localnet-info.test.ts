import { describe, expect, it } from "vitest";
import { parseLocalnetInfo } from "./localnet-info";

const good = {
  rpc: "http://127.0.0.1:26657", chainId: "nesa-localnet-1", redisUrl: "redis://127.0.0.1:6379", dispatcherUrl: "http://127.0.0.1:26690",
  modelStoreUrl: "http://127.0.0.1:26680", accounts: [{ name: "user1", address: "nesa1abc", mnemonic: "word ".repeat(24).trim() }],
  miners: [{ address: "nesa1miner" }], models: { lande: { manifest: "models/lande/manifest.json", eeKeyFile: "keys/lande.key.json" } },
};

describe("parseLocalnetInfo", () => {
  it("accepts the documented shape; redisPrefix is optional", () => {
    const info = parseLocalnetInfo(good);
    expect(info.models.lande.eeKeyFile).toBe("keys/lande.key.json");
    expect(info.redisPrefix).toBeUndefined();
    expect(parseLocalnetInfo({ ...good, redisPrefix: "net1" }).redisPrefix).toBe("net1");
  });

  it("names the bad field", () => {
    expect(() => parseLocalnetInfo({ ...good, rpc: 5 })).toThrow("localnet.json.rpc");
    expect(() => parseLocalnetInfo({ ...good, accounts: [{ name: "x", address: "y" }] })).toThrow("localnet.json.accounts[0].mnemonic");
    expect(() => parseLocalnetInfo({ ...good, models: { lande: { manifest: "m" } } })).toThrow("localnet.json.models.lande.eeKeyFile");
    expect(() => parseLocalnetInfo([])).toThrow("expected an object");
  });
});
