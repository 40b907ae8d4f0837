// Msg execution: a failing msg still pays the fee and bumps the sequence, and msgs are all or nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { moduleAddress } from "../x/auth/keeper";
import { FEE_COLLECTOR } from "../x/auth/keys";
import { DEFAULT_TEST_FEE, makeSignedTx, msgSend, queryAccount, queryBalance, startTestChain, type TestChain } from "../testing";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ accounts: 3 });
});
afterAll(async () => {
  await chain.cleanup();
});

const FEE = BigInt(DEFAULT_TEST_FEE.amount[0].amount);

describe("runTx", () => {
  it("a msg that fails pays its fee, bumps the sequence and changes nothing else", async () => {
    const [a, b] = chain.accounts;
    const aBefore = await queryBalance(chain.node, a.address);
    const bBefore = await queryBalance(chain.node, b.address);
    const feesBefore = await queryBalance(chain.node, moduleAddress(FEE_COLLECTOR));
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, aBefore * 2n)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    expect((await chain.node.checkTx(tx)).code).toBe(0); // CheckTx runs the ante only
    const block = await chain.node.produceBlock();
    const r = block.txResults[0];
    expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 5, codespace: "sdk" });
    expect(r.log).toContain("failed to execute message; message index: 0");
    expect(r.events.some((e) => e.type === "tx" && e.attributes.some((x) => x.key === "fee" && x.value === `${FEE}unes`))).toBe(true);
    expect(r.events.some((e) => e.type === "message")).toBe(false);
    expect(await queryBalance(chain.node, a.address)).toBe(aBefore - FEE);
    expect(await queryBalance(chain.node, b.address)).toBe(bBefore);
    expect(await queryBalance(chain.node, moduleAddress(FEE_COLLECTOR))).toBe(feesBefore + FEE);
    expect((await queryAccount(chain.node, a.address))?.sequence).toBe(1n);
  });

  it("msgs are atomic: when the second fails, the first is undone", async () => {
    const [a, b, c] = chain.accounts;
    const bBefore = await queryBalance(chain.node, b.address);
    const tx = await makeSignedTx({
      wallet: a.wallet,
      msgs: [msgSend(a.address, b.address, 100), msgSend(a.address, c.address, 10n ** 18n)],
      sequence: 1,
      accountNumber: 0,
      chainId: chain.node.chainId,
    });
    expect((await chain.node.checkTx(tx)).code).toBe(0);
    const r = (await chain.node.produceBlock()).txResults[0];
    expect(r.code).toBe(5);
    expect(r.log).toContain("message index: 1");
    expect(await queryBalance(chain.node, b.address)).toBe(bBefore);
    expect((await queryAccount(chain.node, a.address))?.sequence).toBe(2n);
  });

  it("several txs of one sender wait in the mempool and land in one block in sequence order", async () => {
    const [, b, c] = chain.accounts;
    const seq = (await queryAccount(chain.node, b.address))?.sequence ?? 0n;
    const cBefore = await queryBalance(chain.node, c.address);
    for (let i = 0n; i < 3n; i++) {
      const tx = await makeSignedTx({ wallet: b.wallet, msgs: [msgSend(b.address, c.address, 7)], sequence: seq + i, accountNumber: 1, chainId: chain.node.chainId });
      expect((await chain.node.checkTx(tx)).code).toBe(0);
    }
    expect(chain.node.mempoolSize()).toBe(3);
    const block = await chain.node.produceBlock();
    expect(block.txResults.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(TxMsgData.decode(block.txResults[2].data).msgResponses).toHaveLength(1);
    expect(await queryBalance(chain.node, c.address)).toBe(cBefore + 21n);
  });

  it("a send to a fresh address creates its account with the next account number", async () => {
    const [a] = chain.accounts;
    const fresh = moduleAddress("some-fresh-address-seed");
    expect(await queryAccount(chain.node, fresh)).toBeUndefined();
    const seq = (await queryAccount(chain.node, a.address))?.sequence ?? 0n;
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, fresh, 5)], sequence: seq, accountNumber: 0, chainId: chain.node.chainId });
    await chain.node.checkTx(tx);
    expect((await chain.node.produceBlock()).txResults[0].code).toBe(0);
    const acc = await queryAccount(chain.node, fresh);
    expect(acc?.accountNumber).toBeGreaterThanOrEqual(3n);
    expect(await queryBalance(chain.node, fresh)).toBe(5n);
  });

  it("MsgSend to a module account is refused (sdk/4) like the SDK's blocked addresses; the fee is still paid", async () => {
    const [a] = chain.accounts;
    const seq = (await queryAccount(chain.node, a.address))?.sequence ?? 0n;
    const target = moduleAddress("bank");
    const before = await queryBalance(chain.node, target);
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, target, 5)], sequence: seq, accountNumber: 0, chainId: chain.node.chainId });
    await chain.node.checkTx(tx);
    const r = (await chain.node.produceBlock()).txResults[0];
    expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 4, codespace: "sdk" });
    expect(r.log).toContain("not allowed to receive funds");
    expect(await queryBalance(chain.node, target)).toBe(before);
    expect((await queryAccount(chain.node, a.address))?.sequence).toBe(seq + 1n);
  });
});
