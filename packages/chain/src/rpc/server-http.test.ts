// Transport behaviour of the RPC over real HTTP: CORS, batches, body limit, URI GETs, errors.
import { request } from "node:http";
import WebSocket from "ws";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RpcServer, startRpcServer } from "./server";
import { FakeChainNode } from "./testing/fake-chain-node";

let node: FakeChainNode;
let rpc: RpcServer;

beforeAll(async () => {
  node = new FakeChainNode();
  node.produceBlock();
  rpc = await startRpcServer(node, { port: 0, maxBodyBytes: 4096, logger: pino({ level: "silent" }) });
});
afterAll(() => rpc.close());

async function post(body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(rpc.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

describe("rpc over HTTP", () => {
  it("binds 127.0.0.1 on the requested ephemeral port", () => {
    expect(rpc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(rpc.port).toBeGreaterThan(0);
  });

  it("answers a JSON-RPC call with the same id and CORS headers", async () => {
    const r = await post({ jsonrpc: "2.0", id: 123456789012, method: "health", params: {} });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ jsonrpc: "2.0", id: 123456789012, result: {} });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers a CORS preflight with 204", async () => {
    const res = await fetch(rpc.url, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Content-Type/i);
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
  });

  it("reports an unknown method with HTTP 200 and -32601 listing what exists", async () => {
    const r = await post({ jsonrpc: "2.0", id: 5, method: "no_such", params: {} });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(5);
    expect(r.json.error.code).toBe(-32601);
    expect(r.json.error.data).toMatch(/broadcast_tx_sync/);
  });

  it("reports a body that is not JSON as a parse error", async () => {
    const r = await post('{"jsonrpc":"2.0","id":9,"method":');
    expect(r.status).toBe(200);
    expect(r.json.error.code).toBe(-32700);
    expect(r.json.id).toBe(9);
  });

  it("rejects a wrong envelope and bad params by naming the field", async () => {
    const a = await post({ jsonrpc: "1.0", id: 1, method: "health" });
    expect(a.json.error.data).toMatch(/jsonrpc must be "2.0"/);
    const b = await post({ jsonrpc: "2.0", id: 2, method: "block", params: { height: "abc" } });
    expect(b.json.error.code).toBe(-32602);
    expect(b.json.error.data).toMatch(/height must be an integer/);
    const c = await post({ jsonrpc: "2.0", id: 3, method: "broadcast_tx_sync", params: { tx: "not base64!" } });
    expect(c.json.error.data).toMatch(/tx must be standard base64/);
  });

  it("answers a batch with one reply per request, in order", async () => {
    const r = await post([
      { jsonrpc: "2.0", id: 1, method: "health", params: {} },
      { jsonrpc: "2.0", id: "two", method: "block", params: { height: 1 } },
      { jsonrpc: "2.0", id: 3, method: "nope" },
    ]);
    expect(r.json).toHaveLength(3);
    expect(r.json.map((x: any) => x.id)).toEqual([1, "two", 3]);
    expect(r.json[1].result.block.header.height).toBe("1");
    expect(r.json[2].error.code).toBe(-32601);
  });

  it("hands batched broadcasts to CheckTx in batch order", async () => {
    const txs = [5, 3, 9, 1, 7].map((b) => Buffer.from([b, 42, 42]).toString("base64"));
    const r = await post(txs.map((tx, i) => ({ jsonrpc: "2.0", id: i, method: "broadcast_tx_sync", params: { tx } })));
    expect(r.json.map((x: { result: { code: number } }) => x.result.code)).toEqual([0, 0, 0, 0, 0]);
    const block = node.produceBlock();
    expect(block.txs.map((t) => t[0])).toEqual([5, 3, 9, 1, 7]);
  });

  it("refuses an oversize body with HTTP 200, the caller's id and the limit", async () => {
    const big = { jsonrpc: "2.0", id: 4242, method: "broadcast_tx_sync", params: { tx: "A".repeat(8000) } };
    const r = await post(big);
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(4242);
    expect(r.json.error.data).toMatch(/request body too large: more than 4096 bytes/);
    expect(node.mempoolSize()).toBe(0);
  });

  it("still answers (and closes) when an oversize body is far beyond the limit", async () => {
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "broadcast_tx_sync", params: { tx: "A".repeat(200_000) } });
    const reply = await new Promise<string>((resolve, reject) => {
      const req = request(rpc.url, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end(huge);
    });
    expect(JSON.parse(reply).error.data).toMatch(/too large/);
    // The server is still healthy afterwards.
    expect((await post({ jsonrpc: "2.0", id: 1, method: "health" })).json.result).toEqual({});
  });

  it("serves URI GETs with quoted strings and 0x hex", async () => {
    const status = await (await fetch(`${rpc.url}/status`)).json();
    expect(status.result.node_info.network).toBe("nesa-test-1");
    expect(status.result.node_info.version).toBe("0.38.17");
    const q = await (await fetch(`${rpc.url}/abci_query?path="/echo"&data=0x0102ff`)).json();
    expect(q.result.response.value).toBe(Buffer.from([1, 2, 255]).toString("base64"));
    expect(q.result.response.height).toBe(String(node.latestHeight()));
    const b = await (await fetch(`${rpc.url}/block?height=1`)).json();
    expect(b.result.block.header.chain_id).toBe("nesa-test-1");
    const search = await (await fetch(`${rpc.url}/tx_search?query=${encodeURIComponent(`"tx.height>=1"`)}&per_page=1`)).json();
    expect(search.result.total_count).toBe(String(node.txs.length));
    expect(search.result.txs).toHaveLength(Math.min(1, node.txs.length));
    const bad = await fetch(`${rpc.url}/block?height=99`);
    expect(bad.status).toBe(200);
    expect((await bad.json()).error.data).toContain(`must be less than or equal to the current blockchain height ${node.latestHeight()}`);
  });

  it("serves JSON-RPC over the WebSocket and closes it on a frame above the body limit", async () => {
    const ws = new WebSocket(`${rpc.url.replace("http", "ws")}/websocket`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const reply = new Promise<string>((resolve) => ws.once("message", (m) => resolve(m.toString())));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 31, method: "health", params: {} }));
    expect(JSON.parse(await reply)).toEqual({ jsonrpc: "2.0", id: 31, result: {} });
    const subscribe = new Promise<string>((resolve) => ws.once("message", (m) => resolve(m.toString())));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 32, method: "subscribe", params: { query: "tx.height=1" } }));
    expect(JSON.parse(await subscribe).error.data).toMatch(/must contain tm.event/);
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send("x".repeat(10_000));
    expect(await closed).toBe(1009);
  });

  it("lists its methods at GET /", async () => {
    const r = await (await fetch(`${rpc.url}/`)).json();
    expect(r.result.methods).toEqual(expect.arrayContaining(["status", "tx_search", "abci_query", "genesis"]));
  });

  it("refuses a second server on the same port with a clear error", async () => {
    await expect(startRpcServer(node, { port: rpc.port, logger: pino({ level: "silent" }) })).rejects.toThrow(
      /already in use/,
    );
  });

  it("logs one JSON line per call at debug level, without the tx bytes", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
    const other = await startRpcServer(node, { port: 0, logger });
    const tx = Buffer.from([0xff, 0x99, 0x98]).toString("base64");
    await fetch(other.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "broadcast_tx_sync", params: { tx } }) });
    await other.close();
    const events = lines.map((l) => JSON.parse(l));
    expect(events.find((e) => e.msg === "rpc call")).toMatchObject({ method: "broadcast_tx_sync", component: "rpc" });
    expect(events.find((e) => e.msg === "tx rejected at CheckTx")).toMatchObject({ code: 32, codespace: "sdk" });
    expect(lines.join("")).not.toContain(tx);
  });

  it("frees the port on close", async () => {
    const other = await startRpcServer(node, { port: 0, logger: pino({ level: "silent" }) });
    await other.close();
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });
});
