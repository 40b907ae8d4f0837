// Requests replayed as real clients send them (Keplr's positional subscribe, curl without
// "jsonrpc", retry loops re-sending a tx), and the methods explorers call, decoded by cosmjs'
// Comet38Client where it has a method for them.
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { sha256 } from "@noble/hashes/sha2.js";
import { pino } from "pino";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "./server";
import { FakeChainNode } from "./testing/fake-chain-node";

let node: FakeChainNode;
let rpc: RpcServer;
let client: Comet38Client;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

async function post(body: unknown): Promise<any> {
  const res = await fetch(rpc.url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  expect(res.status).toBe(200);
  return res.json();
}
const call = (method: string, params?: unknown) => post({ jsonrpc: "2.0", id: 7, method, params });

beforeAll(async () => {
  node = new FakeChainNode();
  rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "silent" }) });
  client = await Comet38Client.connect(rpc.url);
  await client.broadcastTxSync({ tx: new Uint8Array([1, 1]) });
  node.produceBlock();
  node.produceBlock();
  node.produceBlock();
});
afterAll(async () => {
  client.disconnect();
  await rpc.close();
});

describe("JSON-RPC envelope as clients send it", () => {
  it("accepts positional params for every method", async () => {
    const r = await call("block", ["2"]);
    expect(r.result.block.header.height).toBe("2");
    const q = await call("abci_query", ["/echo", "0a0b", null, false]);
    expect(q.result.response.value).toBe(b64(new Uint8Array([10, 11])));
    const s = await call("tx_search", ["tx.height=1", false, "1", "30", "asc"]);
    expect(s.result.total_count).toBe("1");
    expect((await call("status", [])).result.node_info.network).toBe("nesa-test-1");
    const tooMany = await call("block", ["1", "2"]);
    expect(tooMany.error.code).toBe(-32602);
    expect(tooMany.error.data).toMatch(/at most 1 \(height\)/);
  });

  it("tolerates a missing jsonrpc field but refuses a wrong one", async () => {
    expect((await post({ id: 1, method: "health", params: {} })).result).toEqual({});
    expect((await post({ jsonrpc: "1.0", id: 1, method: "health" })).error.code).toBe(-32600);
  });

  it("subscribes with Keplr's positional params over the WebSocket", async () => {
    const ws = new WebSocket(`${rpc.url.replace("http", "ws")}/websocket`);
    const frames: any[] = [];
    await new Promise((resolve) => ws.once("open", resolve));
    const got = new Promise<void>((resolve) => {
      ws.on("message", (m) => {
        frames.push(JSON.parse(m.toString()));
        if (frames.length === 2) resolve();
      });
    });
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: "keplr", method: "subscribe", params: ["tm.event='NewBlock'"] }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    node.produceBlock();
    await got;
    ws.close();
    expect(frames[0]).toEqual({ jsonrpc: "2.0", id: "keplr", result: {} });
    expect(frames[1].result.query).toBe("tm.event='NewBlock'");
    expect(frames[1].result.data.type).toBe("tendermint/event/NewBlock");
  });

  it("answers a duplicate tx with -32603 tx already exists in cache", async () => {
    const tx = b64(new Uint8Array([9, 9]));
    expect((await call("broadcast_tx_sync", { tx })).result.code).toBe(0);
    const dup = await call("broadcast_tx_sync", [tx]);
    expect(dup.error).toEqual({ code: -32603, message: "Internal error", data: "tx already exists in cache" });
    expect((await call("broadcast_tx_commit", { tx })).error.data).toBe("tx already exists in cache");
  });
});

describe("methods explorers and wallets call", () => {
  it("serves header, header_by_hash and block_by_hash", async () => {
    const b2 = await client.block(2);
    const h = await call("header", { height: "2" });
    expect(h.result.header.height).toBe("2");
    expect(h.result.header.app_hash).toBe(hex(b2.block.header.appHash));
    const byHash = await call("header_by_hash", [b64(b2.blockId.hash)]);
    expect(byHash.result.header).toEqual(h.result.header);
    const blk = await call("block_by_hash", { hash: hex(b2.blockId.hash) });
    expect(blk.result.block_id.hash).toBe(hex(b2.blockId.hash));
    expect(blk.result.block.header.height).toBe("2");
    expect((await call("header_by_hash", { hash: hex(new Uint8Array(32)) })).result.header).toBeNull();
    expect((await call("block_by_hash", { hash: hex(new Uint8Array(32)) })).result.block).toBeNull();
  });

  it("searches blocks by height and events (Comet38Client.blockSearch)", async () => {
    const r = await client.blockSearch({ query: "block.height>=2 AND block.height<=3" });
    expect(r.totalCount).toBe(2);
    expect(r.blocks.map((b) => b.block.header.height)).toEqual([2, 3]);
    const byEvent = await client.blockSearch({ query: "beacon.height='3'" });
    expect(byEvent.blocks.map((b) => b.block.header.height)).toEqual([3]);
    const desc = await call("block_search", ["block.height>0", "1", "2", "desc"]);
    expect(desc.result.blocks.map((b: any) => b.block.header.height)).toEqual([String(node.blocks.length), String(node.blocks.length - 1)]);
    expect(desc.result.total_count).toBe(String(node.blocks.length));
    expect((await call("block_search", { query: "block.height>0", page: "99" })).error.data).toMatch(/page should be within/);
  });

  it("serves consensus_params with every section", async () => {
    const r = (await call("consensus_params", {})).result;
    expect(r.block_height).toBe(String(node.blocks.length));
    expect(Object.keys(r.consensus_params).sort()).toEqual(["abci", "block", "evidence", "validator", "version"]);
    expect(r.consensus_params.block.max_bytes).toBe("1000000");
    expect(r.consensus_params.validator.pub_key_types).toEqual(["secp256k1"]);
    const g = (await call("genesis")).result.genesis;
    expect(g.consensus_params.evidence.max_age_num_blocks).toBe("100000");
  });

  it("serves unconfirmed_txs, net_info and check_tx (which admits nothing)", async () => {
    const pending = new Uint8Array([4, 2]);
    await client.broadcastTxSync({ tx: pending });
    const u = (await call("unconfirmed_txs", ["1"])).result;
    expect(u.n_txs).toBe("1");
    expect(Number(u.total)).toBe(node.mempoolSize());
    expect(u.txs).toHaveLength(1);
    expect(Number(u.total_bytes)).toBeGreaterThan(0);
    expect((await client.numUnconfirmedTxs()).total).toBe(node.mempoolSize());
    const n = (await call("net_info")).result;
    expect(n).toEqual({ listening: true, listeners: [expect.stringMatching(/^tcp:\/\//)], n_peers: "0", peers: [] });
    const before = node.mempoolSize();
    const ok = (await call("check_tx", [b64(new Uint8Array([5, 5]))])).result;
    expect(ok.code).toBe(0);
    expect(ok.gas_wanted).toBe("200000");
    const bad = (await call("check_tx", { tx: b64(new Uint8Array([0xff])) })).result;
    expect(bad.code).toBe(32);
    expect(node.mempoolSize()).toBe(before);
    expect(hex(sha256(pending))).toHaveLength(64);
  });

  it("refuses validators past the last page", async () => {
    expect((await client.validators({ page: 1, per_page: 1 })).total).toBe(1);
    const r = await call("validators", { page: "2", per_page: "1" });
    expect(r.error.code).toBe(-32603);
    expect(r.error.data).toBe("page should be within [1, 1] range, given 2");
    await expect(client.validatorsAll()).resolves.toMatchObject({ total: 1 });
  });
});
