// The supply invariant runs after every block in tests (checkInvariants); here it is shown to hold
// across many transfers and to stop the chain when a module breaks it.
import { afterEach, describe, expect, it } from "vitest";
import { QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import type { AppModule } from "../../app/module";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../../testing";

let chain: TestChain | undefined;
afterEach(async () => {
  await chain?.cleanup();
  chain = undefined;
});

async function totalSupply(c: TestChain): Promise<string> {
  const r = await c.node.query("/cosmos.bank.v1beta1.Query/TotalSupply", new Uint8Array());
  return JSON.stringify(QueryTotalSupplyResponse.decode(r.value).supply);
}

describe("bank/total-supply invariant", () => {
  it("total supply is unchanged by transfers and fees, block after block", async () => {
    chain = await startTestChain({ accounts: 3 });
    const supply = await totalSupply(chain);
    const seqs = [0, 0, 0];
    for (let block = 0; block < 4; block++) {
      for (let i = 0; i < 3; i++) {
        const from = chain.accounts[i];
        const to = chain.accounts[(i + block + 1) % 3];
        const tx = await makeSignedTx({ wallet: from.wallet, msgs: [msgSend(from.address, to.address, 1 + block * 10 + i)], sequence: seqs[i]++, accountNumber: i, chainId: chain.node.chainId });
        expect((await chain.node.checkTx(tx)).code).toBe(0);
      }
      const b = await chain.node.produceBlock(); // checkInvariants: throws if sum(balances) != supply
      expect(b.txResults.every((r) => r.code === 0)).toBe(true);
      expect(await totalSupply(chain)).toBe(supply);
    }
    expect(chain.node.runInvariants()).toEqual([]);
  });

  it("a module that creates coins without recording supply stops block production", async () => {
    const counterfeit = (): AppModule => ({
      name: "counterfeit",
      msgHandlers: [],
      queryHandlers: {},
      endBlock(ctx) {
        // Writes a balance straight into the bank store, bypassing mintCoins.
        const store = ctx.kvStore("bank");
        store.set(Uint8Array.of(0x02, 21, 20, ...new Uint8Array(20).fill(9), ...new TextEncoder().encode("unes")), new TextEncoder().encode("5"));
      },
      defaultGenesis: () => ({}),
      validateGenesis: () => undefined,
      initGenesis: () => undefined,
      exportGenesis: () => ({}),
      invariants: [],
    });
    chain = await startTestChain({ accounts: 1, extraModules: [counterfeit] });
    await expect(chain.node.produceBlock()).rejects.toThrow(/bank\/total-supply: unes: supply 1000000000000 != sum of balances 1000000000005/);
  });
});
