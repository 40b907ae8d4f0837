// Each REST route against the same data read through the CometBFT RPC (cosmjs), on a real
// node with manual blocks.
import { toBech32 } from "@cosmjs/encoding";
import { StargateClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { sha256 } from "@noble/hashes/sha2.js";
import { QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "../rpc/server";
import { makeSignedTx, msgSend, startTestChain, type TestChain } from "../testing";
import { type RestServer, startRestServer } from "./server";

let chain: TestChain;
let rpc: RpcServer;
let rest: RestServer;
let client: StargateClient;
let comet: Comet38Client;
let txHex: string;
let txHeight: number;
const silent = pino({ level: "silent" });
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(rest.url + path);
  return { status: res.status, body: await res.json(), headers: res.headers };
}
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(rest.url + path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  chain = await startTestChain({ accounts: 2 });
  rpc = await startRpcServer(chain.node, { port: 0, logger: silent });
  rest = await startRestServer(chain.node, { port: 0, logger: silent, maxBodyBytes: 4096 });
  client = await StargateClient.connect(rpc.url);
  comet = await Comet38Client.connect(rpc.url);
  await chain.node.produceBlock();
});
afterAll(async () => {
  client?.disconnect();
  comet?.disconnect();
  await rest?.close();
  await rpc?.close();
  await chain?.cleanup();
});

const [a, b] = [0, 1];
const addr = (i: number) => chain.accounts[i].address;
const signSend = async (amount: number, sequence = 0) =>
  makeSignedTx({ wallet: chain.accounts[a].wallet, msgs: [msgSend(addr(a), addr(b), amount)], sequence, accountNumber: (await client.getAccount(addr(a)))!.accountNumber, chainId: chain.node.chainId });

describe("cosmos.tx over REST", () => {
  it("simulates, broadcasts (SYNC) and finds the tx as the RPC does", async () => {
    const tx = await signSend(1234);
    const sim = await post("/cosmos/tx/v1beta1/simulate", { tx_bytes: Buffer.from(tx).toString("base64") });
    expect(sim.status).toBe(200);
    expect(Number(sim.body.gas_info.gas_used)).toBeGreaterThan(10_000);
    expect(sim.body.result.msg_responses[0]["@type"] ?? sim.body.result.msg_responses[0].type_url).toBeTruthy();
    const br = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: Buffer.from(tx).toString("base64"), mode: "BROADCAST_MODE_SYNC" });
    expect(br.body.tx_response).toMatchObject({ code: 0, txhash: hex(sha256(tx)), height: "0" });
    txHex = br.body.tx_response.txhash;
    const block = await chain.node.produceBlock();
    txHeight = Number(block.header.height);
    const viaRpc = await client.getTx(txHex);
    const got = await get(`/cosmos/tx/v1beta1/txs/${txHex}`);
    expect(got.status).toBe(200);
    expect(got.body.tx_response).toMatchObject({ txhash: txHex, height: String(viaRpc!.height), code: viaRpc!.code, gas_used: String(viaRpc!.gasUsed) });
    expect(got.body.tx_response.timestamp).toBe(block.header.time);
    expect(got.body.tx_response.events.length).toBe(viaRpc!.events.length);
    expect(got.body.tx.body.messages[0]).toMatchObject({ "@type": "/cosmos.bank.v1beta1.MsgSend", from_address: addr(a), to_address: addr(b) });
    expect(got.body.tx.auth_info.signer_infos[0].public_key["@type"]).toBe("/cosmos.crypto.secp256k1.PubKey");
    expect(got.body.tx.auth_info.fee.gas_limit).toBe("200000");
  });

  it("searches txs with ?query= (SDK 0.50) and ?events= (older), and by block", async () => {
    const q = await get(`/cosmos/tx/v1beta1/txs?query=${encodeURIComponent(`message.sender='${addr(a)}'`)}&page=1&limit=10`);
    const viaRpc = await client.searchTx(`message.sender='${addr(a)}'`);
    expect(q.body.total).toBe(String(viaRpc.length));
    expect(q.body.tx_responses.map((t: any) => t.txhash)).toEqual(viaRpc.map((t) => t.hash));
    const ev = await get(`/cosmos/tx/v1beta1/txs?events=${encodeURIComponent(`tx.height=${txHeight}`)}`);
    expect(ev.body.tx_responses.map((t: any) => t.txhash)).toEqual([txHex]);
    const blk = await get(`/cosmos/tx/v1beta1/txs/block/${txHeight}`);
    const rpcBlock = await client.getBlock(txHeight);
    expect(blk.body.block.header.height).toBe(String(txHeight));
    expect(Buffer.from(blk.body.block_id.hash, "base64").toString("hex").toUpperCase()).toBe(rpcBlock.id);
    expect(blk.body.txs).toHaveLength(rpcBlock.txs.length);
    expect((await get("/cosmos/tx/v1beta1/txs")).status).toBe(400);
  });

  it("reports errors with the SDK body and status", async () => {
    const missing = await get(`/cosmos/tx/v1beta1/txs/${"0".repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 5, message: expect.stringMatching(/not found/), details: [] });
    const bad = await post("/cosmos/tx/v1beta1/txs", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(3);
    const big = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: "A".repeat(8000) });
    expect(big.status).toBe(429);
    expect((await get("/nope")).body.code).toBe(12);
    const dup = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: Buffer.from(await signSend(5, 1)).toString("base64") });
    expect(dup.body.tx_response.code).toBe(0);
  });
});

describe("cosmos.auth and cosmos.bank over REST", () => {
  it("serves accounts like StargateClient.getAccount", async () => {
    const viaRpc = await client.getAccount(addr(a));
    const r = await get(`/cosmos/auth/v1beta1/accounts/${addr(a)}`);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.body.account).toMatchObject({
      "@type": "/cosmos.auth.v1beta1.BaseAccount",
      address: addr(a),
      account_number: String(viaRpc!.accountNumber),
      sequence: String(viaRpc!.sequence),
    });
    expect(r.body.account.pub_key.key).toBe(Buffer.from(viaRpc!.pubkey!.value, "base64").length ? viaRpc!.pubkey!.value : "");
    const none = await get(`/cosmos/auth/v1beta1/accounts/${toBech32("nesa", new Uint8Array(20).fill(9))}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe(5);
    expect((await get("/cosmos/auth/v1beta1/params")).body.params.max_memo_characters).toBe("256");
  });

  it("serves balances, supply, metadata and params like the RPC", async () => {
    const all = await client.getAllBalances(addr(b));
    const r = await get(`/cosmos/bank/v1beta1/balances/${addr(b)}?pagination.limit=1000`);
    expect(r.body.balances).toEqual(all.map((c) => ({ denom: c.denom, amount: c.amount })));
    const one = await get(`/cosmos/bank/v1beta1/balances/${addr(b)}/by_denom?denom=unes`);
    expect(one.body.balance).toEqual(await client.getBalance(addr(b), "unes"));
    expect((await get(`/cosmos/bank/v1beta1/balances/${addr(b)}/by_denom`)).status).toBe(400);
    const supplyRpc = QueryTotalSupplyResponse.decode((await comet.abciQuery({ path: "/cosmos.bank.v1beta1.Query/TotalSupply", data: new Uint8Array() })).value);
    const supply = await get("/cosmos/bank/v1beta1/supply");
    expect(supply.body.supply).toEqual(supplyRpc.supply.map((c) => ({ denom: c.denom, amount: c.amount })));
    expect((await get("/cosmos/bank/v1beta1/supply/by_denom?denom=unes")).body.amount).toEqual(supply.body.supply.find((c: any) => c.denom === "unes"));
    expect((await get("/cosmos/bank/v1beta1/denoms_metadata")).body.metadatas[0].base).toBe("unes");
    expect((await get("/cosmos/bank/v1beta1/params")).body.params.default_send_enabled).toBe(true);
  });
});

describe("cosmos.base.tendermint over REST", () => {
  it("serves node_info, syncing, blocks and the validator set like the RPC", async () => {
    const status = await comet.status();
    const info = await get("/cosmos/base/tendermint/v1beta1/node_info");
    expect(info.body.default_node_info.network).toBe(status.nodeInfo.network);
    expect(info.body.default_node_info.version).toBe(status.nodeInfo.version);
    expect((await get("/cosmos/base/tendermint/v1beta1/syncing")).body).toEqual({ syncing: false });
    const latest = await get("/cosmos/base/tendermint/v1beta1/blocks/latest");
    const rpcLatest = await client.getBlock();
    expect(latest.body.block.header.height).toBe(String(rpcLatest.header.height));
    expect(Buffer.from(latest.body.block_id.hash, "base64").toString("hex").toUpperCase()).toBe(rpcLatest.id);
    expect(latest.body.sdk_block.header.proposer_address).toMatch(/^nesavalcons1/);
    const first = await get("/cosmos/base/tendermint/v1beta1/blocks/1");
    expect(first.body.block.header.app_hash).toBe(Buffer.from((await comet.block(1)).block.header.appHash).toString("base64"));
    expect((await get("/cosmos/base/tendermint/v1beta1/blocks/999")).status).toBe(404);
    const vals = await get("/cosmos/base/tendermint/v1beta1/validatorsets/latest");
    const rpcVals = await comet.validators({});
    expect(vals.body.validators).toHaveLength(rpcVals.total);
    expect(vals.body.validators[0].voting_power).toBe(String(rpcVals.validators[0].votingPower));
    const pre = await fetch(`${rest.url}/cosmos/bank/v1beta1/params`, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
  });
});
