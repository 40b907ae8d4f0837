// abci_query paths cosmjs uses: auth Account, bank Balance / AllBalances / TotalSupply, Simulate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryAccountRequest } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { QueryAllBalancesRequest, QueryAllBalancesResponse, QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { makeSignedTx, msgSend, queryAccount, queryBalance, stateSnapshot, startTestChain, type TestChain } from "../testing";
import { SIMULATE_PATH } from "./application";
import { moduleAddress } from "../x/auth/keeper";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ accounts: 2 });
});
afterAll(async () => {
  await chain.cleanup();
});

describe("queries", () => {
  it("a missing account answers sdk/22 with the SDK's NotFound text", async () => {
    const addr = moduleAddress("nobody-has-this-address");
    const r = await chain.node.query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address: addr }).finish());
    expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 22, codespace: "sdk" });
    expect(r.log).toBe(`rpc error: code = NotFound desc = account ${addr} not found: key not found`);
    expect(r.height).toBe(chain.node.latestHeight() || 1n); // never 0: cosmjs rejects it
  });

  it("a genesis account has its number, sequence 0 and no pubkey until it signs", async () => {
    const acc = await queryAccount(chain.node, chain.accounts[1].address);
    expect(acc).toMatchObject({ address: chain.accounts[1].address, accountNumber: 1n, sequence: 0n });
    expect(acc?.pubKey).toBeUndefined();
  });

  it("an unknown denom has balance 0; AllBalances and TotalSupply agree with genesis", async () => {
    expect(await queryBalance(chain.node, chain.accounts[0].address, "uatom")).toBe(0n);
    const all = await chain.node.query("/cosmos.bank.v1beta1.Query/AllBalances", QueryAllBalancesRequest.encode({ address: chain.accounts[0].address, resolveDenom: false }).finish());
    expect(QueryAllBalancesResponse.decode(all.value).balances).toEqual([{ denom: "unes", amount: "1000000000000" }]);
    const supply = await chain.node.query("/cosmos.bank.v1beta1.Query/TotalSupply", new Uint8Array());
    expect(QueryTotalSupplyResponse.decode(supply.value).supply).toEqual([{ denom: "unes", amount: "2000000000000" }]);
  });

  it("an unknown path answers sdk/6 and lists what exists; a bad address answers sdk/7", async () => {
    const r = await chain.node.query("/nesa.nothing.v1.Query/Foo", new Uint8Array());
    expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 6, codespace: "sdk" });
    expect(r.log).toContain("/cosmos.bank.v1beta1.Query/Balance");
    const bad = await chain.node.query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address: "cosmos1xyz" }).finish());
    expect(bad.code).toBe(7);
  });

  it("Simulate returns positive gas without changing state, and that gas × 1.4 is enough", async () => {
    const [a, b] = chain.accounts;
    const unsigned = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 99)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId, fee: { amount: [], gas: "0" } });
    const before = stateSnapshot(chain.node);
    const r = await chain.node.query(SIMULATE_PATH, SimulateRequest.encode({ txBytes: unsigned }).finish());
    expect(r.log).toBe("");
    const sim = SimulateResponse.decode(r.value);
    const gasUsed = sim.gasInfo?.gasUsed ?? 0n;
    expect(gasUsed).toBeGreaterThan(20_000n);
    expect(sim.result?.events.some((e) => e.type === "transfer")).toBe(true);
    expect(stateSnapshot(chain.node)).toEqual(before);
    const gas = (gasUsed * 14n + 9n) / 10n;
    const fee = { amount: [{ denom: "unes", amount: String((gas * 25n + 999n) / 1000n) }], gas: gas.toString() };
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 99)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId, fee });
    expect((await chain.node.checkTx(tx)).code).toBe(0);
    const res = (await chain.node.produceBlock()).txResults[0];
    expect(res.code).toBe(0);
    expect(res.gasUsed).toBeLessThanOrEqual(gas);
    expect(res.gasUsed).toBeGreaterThan(gasUsed - 2000n);
  });
});
