import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The three wallet/registry files describe one chain: they must agree with each other and
// with PROTOCOL.md §2 (chain id, prefix, denom, 6 decimals, min gas price 0.025, HD coin 118).

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../../chain-config");
const load = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));

describe("chain-config", () => {
  const chain = load("chain.json");
  const assets = load("assetlist.json");
  const keplr = load("keplr-chain-info.json");

  it("names the same chain everywhere", () => {
    expect(chain.chain_id).toBe("nesa-localnet-1");
    expect(keplr.chainId).toBe(chain.chain_id);
    expect(assets.chain_name).toBe(chain.chain_name);
    expect(keplr.rpc).toBe(chain.apis.rpc[0].address);
    expect(keplr.rpc).toBe("http://127.0.0.1:26657");
  });

  it("uses the nesa prefix family and coin type 118", () => {
    expect(chain.bech32_prefix).toBe("nesa");
    expect(chain.slip44).toBe(118);
    expect(keplr.bip44.coinType).toBe(chain.slip44);
    const b = keplr.bech32Config;
    expect([b.bech32PrefixAccAddr, b.bech32PrefixAccPub, b.bech32PrefixValAddr, b.bech32PrefixValPub]).toEqual([
      "nesa",
      "nesapub",
      "nesavaloper",
      "nesavaloperpub",
    ]);
  });

  it("describes unes with 6 decimals as NES, as fee and staking token", () => {
    const [asset] = assets.assets;
    expect(asset.base).toBe("unes");
    const display = asset.denom_units.find((u: { denom: string }) => u.denom === asset.display);
    expect(display.exponent).toBe(6);
    for (const c of [...keplr.currencies, ...keplr.feeCurrencies, keplr.stakeCurrency]) {
      expect(c).toMatchObject({ coinDenom: asset.symbol, coinMinimalDenom: asset.base, coinDecimals: display.exponent });
    }
    expect(chain.staking.staking_tokens[0].denom).toBe(asset.base);
    expect(chain.fees.fee_tokens[0].denom).toBe(asset.base);
  });

  it("never suggests a gas price below the chain minimum 0.025", () => {
    const fee = chain.fees.fee_tokens[0];
    expect(fee.fixed_min_gas_price).toBe(0.025);
    const step = keplr.feeCurrencies[0].gasPriceStep;
    expect(step.low).toBe(fee.low_gas_price);
    expect(step.average).toBe(fee.average_gas_price);
    expect(step.high).toBe(fee.high_gas_price);
    for (const price of [step.low, step.average, step.high]) expect(price).toBeGreaterThanOrEqual(fee.fixed_min_gas_price);
  });
});
