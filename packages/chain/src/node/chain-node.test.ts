import { afterEach, describe, expect, it } from "vitest";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";

async function balance(chain: TestChain, address: string): Promise<bigint> {
  const r = await chain.node.query("/cosmos.bank.v1beta1.Query/Balance", QueryBalanceRequest.encode({ address, denom: "unes" }).finish());
  expect(r.code).toBe(0);
  return BigInt(QueryBalanceResponse.decode(r.value).balance?.amount ?? "-1");
}

describe("NesaNode", () => {
  let chain: TestChain | undefined;
  afterEach(async () => {
    await chain?.cleanup();
    chain = undefined;
  });

  it("executes a signed MsgSend in a block: balances, fee, events, tx index", async () => {
    chain = await startTestChain();
    const [a, b] = chain.accounts;
    const before = await balance(chain, b.address);
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 1234)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    const check = await chain.node.checkTx(tx);
    expect(check.log).toBe("");
    expect(check.code).toBe(0);
    expect(chain.node.mempoolSize()).toBe(1);
    const block = await chain.node.produceBlock();
    expect(block.header.height).toBe(1n);
    expect(block.txs).toHaveLength(1);
    const r = block.txResults[0];
    expect(r.code).toBe(0);
    expect(TxMsgData.decode(r.data).msgResponses[0].typeUrl).toBe("/cosmos.bank.v1beta1.MsgSendResponse");
    expect(r.gasUsed > 0n && r.gasUsed <= r.gasWanted).toBe(true);
    const transfer = r.events.find((e) => e.type === "transfer" && e.attributes.some((x) => x.key === "recipient" && x.value === b.address));
    expect(transfer?.attributes.find((x) => x.key === "amount")?.value).toBe("1234unes");
    expect(await balance(chain, b.address)).toBe(before + 1234n);
    expect(chain.node.mempoolSize()).toBe(0);
    const found = await chain.node.getTx(check.hash);
    expect(found?.height).toBe(1n);
    const search = await chain.node.searchTxs([{ key: "message.sender", op: "=", value: a.address }], 1, 30, "asc");
    expect(search.total).toBe(1);
    expect(chain.node.runInvariants()).toEqual([]);
  });

  it("refuses a duplicate (sdk/19) and, when the mempool is full, a new tx (sdk/20)", async () => {
    chain = await startTestChain({ accounts: 2, node: { mempoolLimits: { maxTxs: 1, maxBytes: 1_000_000 } } });
    const [a, b] = chain.accounts;
    const first = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 1)], sequence: 0, accountNumber: 0, chainId: chain.node.chainId });
    expect((await chain.node.checkTx(first)).code).toBe(0);
    const dup = await chain.node.checkTx(first);
    expect({ code: dup.code, codespace: dup.codespace }).toEqual({ code: 19, codespace: "sdk" });
    const other = await makeSignedTx({ wallet: b.wallet, msgs: [msgSend(b.address, a.address, 1)], sequence: 0, accountNumber: 1, chainId: chain.node.chainId });
    const full = await chain.node.checkTx(other);
    expect(full.code).toBe(20);
    expect(full.log).toContain("retry after the next block");
    await chain.node.produceBlock();
    expect((await chain.node.checkTx(other)).code).toBe(0);
  });
});
