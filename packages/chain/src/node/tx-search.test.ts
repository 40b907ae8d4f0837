// tx_search over a real block store: indexed and scanned attributes, height ranges, paging, order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";
import type { SearchCondition } from "./types";

let chain: TestChain;
const hashes: string[] = [];
beforeAll(async () => {
  chain = await startTestChain({ accounts: 3 });
  const [a, b, c] = chain.accounts;
  // Heights 1..3: a→b (3 txs, one per block), then b→c in block 3 as well.
  for (let i = 0; i < 3; i++) {
    const tx = await makeSignedTx({ wallet: a.wallet, msgs: [msgSend(a.address, b.address, 100 + i)], sequence: i, accountNumber: 0, chainId: chain.node.chainId });
    hashes.push(Buffer.from((await chain.node.checkTx(tx)).hash).toString("hex").toUpperCase());
    if (i === 2) {
      const tx2 = await makeSignedTx({ wallet: b.wallet, msgs: [msgSend(b.address, c.address, 7)], sequence: 0, accountNumber: 1, chainId: chain.node.chainId });
      hashes.push(Buffer.from((await chain.node.checkTx(tx2)).hash).toString("hex").toUpperCase());
    }
    await chain.node.produceBlock();
  }
});
afterAll(async () => {
  await chain.cleanup();
});

const search = (conds: SearchCondition[], page = 1, perPage = 30, order: "asc" | "desc" = "asc") =>
  chain.node.searchTxs(conds, page, perPage, order);

describe("searchTxs", () => {
  it("finds by indexed attributes (message.sender, transfer.recipient, tx.acc_seq)", async () => {
    const [a, b, c] = chain.accounts;
    expect((await search([{ key: "message.sender", op: "=", value: a.address }])).total).toBe(3);
    expect((await search([{ key: "transfer.recipient", op: "=", value: c.address }])).txs.map((t) => t.height)).toEqual([3n]);
    const bySeq = await search([{ key: "tx.acc_seq", op: "=", value: `${a.address}/1` }]);
    expect(bySeq.txs.map((t) => Buffer.from(t.hash).toString("hex").toUpperCase())).toEqual([hashes[1]]);
    expect((await search([{ key: "message.sender", op: "=", value: b.address }, { key: "tm.event", op: "=", value: "Tx" }])).total).toBe(1);
  });

  it("finds by attributes left out of the index, by scanning (transfer.amount, CONTAINS, EXISTS)", async () => {
    expect((await search([{ key: "transfer.amount", op: "=", value: "101unes" }])).txs.map((t) => t.height)).toEqual([2n]);
    expect((await search([{ key: "transfer.amount", op: "CONTAINS", value: "10" }])).total).toBeGreaterThanOrEqual(3);
    expect((await search([{ key: "coin_received.receiver", op: "EXISTS", value: "" }])).total).toBe(4);
  });

  it("tx.hash in either case, tx.height ranges, AND of conditions", async () => {
    expect((await search([{ key: "tx.hash", op: "=", value: hashes[3].toLowerCase() }])).txs[0]?.index).toBe(1);
    expect((await search([{ key: "tx.height", op: ">=", value: 2n }, { key: "tx.height", op: "<", value: 3n }])).total).toBe(1);
    expect((await search([{ key: "tx.height", op: "=", value: 3n }, { key: "message.sender", op: "=", value: chain.accounts[0].address }])).total).toBe(1);
    expect(await search([{ key: "message.sender", op: "=", value: "nesa1nobody" }])).toEqual({ txs: [], total: 0 });
  });

  it("pages with a correct total, ascending by (height, index) or descending", async () => {
    const all = await search([{ key: "tx.height", op: ">", value: 0n }]);
    expect(all.txs.map((t) => `${t.height}/${t.index}`)).toEqual(["1/0", "2/0", "3/0", "3/1"]);
    const p2 = await search([{ key: "tx.height", op: ">", value: 0n }], 2, 3);
    expect(p2).toMatchObject({ total: 4 });
    expect(p2.txs.map((t) => `${t.height}/${t.index}`)).toEqual(["3/1"]);
    const desc = await search([{ key: "tx.height", op: ">", value: 0n }], 1, 2, "desc");
    expect(desc.txs.map((t) => `${t.height}/${t.index}`)).toEqual(["3/1", "3/0"]);
  });
});
