import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNode, initHome } from "@nesa/chain";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { afterEach, describe, expect, it } from "vitest";
import { addGenesisAccounts, benchKeys } from "./genesis-accounts";

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe("addGenesisAccounts", () => {
  it("funds deterministic keys that a real node then knows, with fresh account numbers", async () => {
    const home = mkdtempSync(join(tmpdir(), "nesa-bench-gen-"));
    homes.push(home);
    await initHome({ home, chainId: "nesa-bench-test", accounts: 1 });
    const keys = benchKeys("seed", 3);
    expect(benchKeys("seed", 3).map((k) => k.address)).toEqual(keys.map((k) => k.address));
    expect(new Set(keys.map((k) => k.address)).size).toBe(3);
    const numbers = addGenesisAccounts(home, keys, { denom: "unes", amount: "777" });
    expect([...numbers.values()]).toEqual([1n, 2n, 3n]);
    const node = await createNode({ home, manualBlocks: true });
    try {
      const req = QueryBalanceRequest.encode({ address: keys[2].address, denom: "unes" }).finish();
      const res = await node.query("/cosmos.bank.v1beta1.Query/Balance", req);
      expect(res.code).toBe(0);
      expect(QueryBalanceResponse.decode(res.value).balance?.amount).toBe("777");
    } finally {
      await node.close();
    }
  });
});
