// Every method decoded by unmodified @cosmjs/tendermint-rpc (Comet38Client), which checks the
// CometBFT 0.38 shapes strictly, against an in-memory fake node.
import { Comet38Client, connectComet, isComet38Client, WebsocketClient } from "@cosmjs/tendermint-rpc";
import { sha256 } from "@noble/hashes/sha2.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "./server";
import { FakeChainNode } from "./testing/fake-chain-node";

let node: FakeChainNode;
let rpc: RpcServer;
let client: Comet38Client;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

beforeAll(async () => {
  node = new FakeChainNode();
  rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "silent" }), broadcastCommitTimeoutMs: 2000 });
  client = await Comet38Client.connect(rpc.url);
});
afterAll(async () => {
  client.disconnect();
  await rpc.close();
});

describe("rpc methods through Comet38Client", () => {
  it("is detected as CometBFT 0.38 and reports status before the first block", async () => {
    const detected = await connectComet(rpc.url);
    expect(isComet38Client(detected)).toBe(true);
    const s = await client.status();
    expect(s.nodeInfo.network).toBe("nesa-test-1");
    expect(s.nodeInfo.version).toBe("0.38.17");
    expect(s.syncInfo.latestBlockHeight).toBe(0);
    expect(s.validatorInfo.pubkey?.algorithm).toBe("secp256k1");
  });

  it("admits a tx with broadcast_tx_sync and returns its sha256 hash", async () => {
    const tx = new Uint8Array([1, 10, 20]);
    const r = await client.broadcastTxSync({ tx });
    expect(r.code).toBe(0);
    expect(hex(r.hash)).toBe(hex(sha256(tx)));
    expect(node.mempoolSize()).toBe(1);
  });

  it("returns a rejection with code, codespace, log and the hash", async () => {
    const tx = new Uint8Array([0xff, 1]);
    const r = await client.broadcastTxSync({ tx });
    expect(r.code).toBe(32);
    expect(r.codespace).toBe("sdk");
    expect(r.log).toMatch(/sequence mismatch/);
    expect(hex(r.hash)).toBe(hex(sha256(tx)));
  });

  it("serves block, block_results, blockchain, commit, validators after blocks", async () => {
    await client.broadcastTxSync({ tx: new Uint8Array([2, 1]) });
    node.produceBlock();
    node.produceBlock();
    const b1 = await client.block(1);
    expect(b1.block.header.height).toBe(1);
    expect(b1.block.txs).toHaveLength(2);
    expect(b1.block.lastCommit).toBeNull();
    const latest = await client.block();
    expect(latest.block.header.height).toBe(2);
    expect(hex(latest.block.header.lastBlockId!.hash)).toBe(hex(b1.blockId.hash));
    expect(hex(latest.block.header.appHash)).toBe(hex(node.blocks[0].resultingAppHash));
    const results = await client.blockResults(1);
    expect(results.results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.finalizeBlockEvents[0].type).toBe("beacon");
    const chain = await client.blockchain();
    expect(chain.lastHeight).toBe(2);
    expect(chain.blockMetas.map((m) => m.header.height)).toEqual([2, 1]);
    expect(chain.blockMetas[1].numTxs).toBe(2);
    const commit = await client.commit(2);
    expect(commit.header.height).toBe(2);
    const vals = await client.validators({ height: 2 });
    expect(vals.total).toBe(1);
    const status = await client.status();
    expect(status.syncInfo.latestBlockHeight).toBe(2);
    expect(hex(status.syncInfo.latestAppHash)).toBe(hex(node.latestAppHash()));
  });

  it("serves abci_info, abci_query (ok and failing), genesis and num_unconfirmed_txs", async () => {
    const info = await client.abciInfo();
    expect(info.lastBlockHeight).toBe(2);
    const q = await client.abciQuery({ path: "/echo", data: new Uint8Array([9, 8]) });
    expect([...q.value]).toEqual([9, 8]);
    expect(q.height).toBe(2);
    const bad = await client.abciQuery({ path: "/nope", data: new Uint8Array() });
    expect(bad.code).toBe(6);
    expect(bad.log).toMatch(/unknown query path/);
    const g = await client.genesis();
    expect(g.chainId).toBe("nesa-test-1");
    expect((g.appState as any).bank.supply[0].amount).toBe("1000000000000000");
    expect((await client.numUnconfirmedTxs()).total).toBe(0);
  });

  it("finds txs by hash, height and event attribute, with paging", async () => {
    const tx = new Uint8Array([1, 10, 20]);
    const one = await client.tx({ hash: sha256(tx) });
    expect(one.height).toBe(1);
    expect(one.index).toBe(0);
    await expect(client.tx({ hash: new Uint8Array(32) })).rejects.toThrow(/not found/);
    for (let i = 0; i < 5; i++) await client.broadcastTxSync({ tx: new Uint8Array([3, i]) });
    node.produceBlock();
    const bySender = await client.txSearch({ query: "message.sender='nesa13'", per_page: 2, page: 2 });
    expect(bySender.totalCount).toBe(5);
    expect(bySender.txs.map((t) => t.tx[1])).toEqual([2, 3]);
    const all = await client.txSearchAll({ query: "message.sender='nesa13'", per_page: 2 });
    expect(all.txs.map((t) => t.tx[1])).toEqual([0, 1, 2, 3, 4]);
    const desc = await client.txSearch({ query: "tx.height>=1", order_by: "desc", per_page: 1 });
    expect(desc.totalCount).toBe(7);
    expect(desc.txs[0].height).toBe(3);
    await expect(client.txSearch({ query: "tx.height=3", page: 9 })).rejects.toThrow(/page should be within \[1, 1\]/);
    await expect(client.txSearch({ query: "tx.height=" })).rejects.toThrow(/expected a value/);
  });

  it("returns at once from broadcast_tx_async and still admits the tx", async () => {
    const tx = new Uint8Array([6, 6, 6]);
    const before = node.mempoolSize();
    const r = await client.broadcastTxAsync({ tx });
    expect(hex(r.hash)).toBe(hex(sha256(tx)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(node.mempoolSize()).toBe(before + 1);
  });

  it("waits for inclusion in broadcast_tx_commit", async () => {
    const pending = client.broadcastTxCommit({ tx: new Uint8Array([4, 4]) });
    setTimeout(() => node.produceBlock(), 50);
    const r = await pending;
    expect(r.checkTx.code).toBe(0);
    expect(r.height).toBe(node.blocks.length);
    expect(node.blocks.at(-1)!.txs.some((t) => t[0] === 4)).toBe(true);
    expect(r.txResult?.code).toBe(0);
  });

  it("pushes NewBlock and matching Tx events over the WebSocket", async () => {
    const ws = Comet38Client.create(new WebsocketClient(rpc.url.replace("http", "ws")));
    const blocks: number[] = [];
    const txs: number[] = [];
    const others: number[] = [];
    const done = new Promise<void>((resolve, reject) => {
      ws.subscribeNewBlock().subscribe({
        next: (b) => {
          blocks.push(b.header.height);
          if (b.header.height === 5) setTimeout(resolve, 100);
        },
        error: reject,
      });
      ws.subscribeTx("message.sender='nesa15'").subscribe({ next: (t) => txs.push(t.tx[1]), error: reject });
      ws.subscribeTx("message.sender='nesa16'").subscribe({ next: (t) => others.push(t.tx[1]), error: reject });
    });
    // Calls over the socket work too, and let the subscriptions register first.
    expect((await ws.status()).syncInfo.latestBlockHeight).toBe(4);
    await ws.broadcastTxSync({ tx: new Uint8Array([5, 1]) });
    await ws.broadcastTxSync({ tx: new Uint8Array([5, 2]) });
    node.produceBlock();
    await done;
    ws.disconnect();
    expect(blocks).toEqual([5]);
    expect(txs).toEqual([1, 2]);
    expect(others).toEqual([]);
  });
});
