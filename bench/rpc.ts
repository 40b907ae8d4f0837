// `pnpm bench rpc`: the RPC's own transport cost. broadcast_tx_sync requests per second against an
// in-memory node whose CheckTx is nearly free, next to a bare node:http server that only reads the
// body and answers a constant (the baseline, same run, same load generator). Median of runs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { startRpcServer } from "../packages/chain/src/rpc";
import { FakeChainNode } from "../packages/chain/src/rpc/testing/fake-chain-node";
import { batchBodies, broadcastBody } from "./lib/http-load";
import { prepareLoad } from "./lib/load-in-worker";
import { type BenchContext, type BenchResult, goal } from "./lib/report";
import { median } from "./lib/stats";

const LANES = 4;
const PER_LANE = 2500;

function lanes(batch: number): string[][] {
  return Array.from({ length: LANES }, (_, lane) => {
    const reqs = Array.from({ length: PER_LANE }, (_, i) => {
      const tx = new Uint8Array(300);
      new DataView(tx.buffer).setUint32(0, lane * PER_LANE + i + 1); // unique, first byte never 0xFF
      return broadcastBody("broadcast_tx_sync", i, tx);
    });
    return batchBodies(reqs, batch);
  });
}

async function requestsPerSecond(url: string, bodies: string[][], perRequest: number): Promise<number> {
  const load = await prepareLoad(url, bodies);
  try {
    const { results, elapsedMs } = await load.start().done;
    const rejected = results.reduce((n, r) => n + r.rejected.length, 0);
    if (rejected) throw new Error(`${rejected} requests were rejected`);
    return (bodies.reduce((n, l) => n + l.length, 0) * perRequest) / (elapsedMs / 1000);
  } finally {
    await load.terminate();
  }
}

async function rawServer(): Promise<{ url: string; close(): Promise<void> }> {
  const reply = JSON.stringify({ jsonrpc: "2.0", id: 1, result: { code: 0, data: "", log: "", codespace: "", hash: "00".repeat(32) } });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const single = lanes(1);
  const batched = lanes(20);
  const raw: number[] = [];
  const rpcSingle: number[] = [];
  const rpcBatch: number[] = [];
  for (let i = 0; i < runs; i++) {
    const bare = await rawServer();
    raw.push(await requestsPerSecond(bare.url, single, 1));
    await bare.close();
    const rpc = await startRpcServer(new FakeChainNode(), { port: 0, logger: pino({ level: "silent" }) });
    rpcSingle.push(await requestsPerSecond(rpc.url, single, 1));
    await rpc.close();
    const rpc2 = await startRpcServer(new FakeChainNode(), { port: 0, logger: pino({ level: "silent" }) });
    rpcBatch.push(await requestsPerSecond(rpc2.url, batched, 20));
    await rpc2.close();
    ctx.log(`run ${i + 1}: raw ${raw[i].toFixed(0)} req/s, rpc ${rpcSingle[i].toFixed(0)} req/s, rpc batch-20 ${rpcBatch[i].toFixed(0)} tx/s`);
  }
  const figures = {
    requests_per_run: LANES * PER_LANE,
    http_lanes: LANES,
    baseline_raw_http_req_per_s: median(raw),
    rpc_broadcast_req_per_s: median(rpcSingle),
    rpc_over_raw: median(rpcSingle.map((r, i) => r / raw[i])),
    rpc_batch20_tx_per_s: median(rpcBatch),
  };
  return { name: "rpc", figures, goals: [goal(figures, "rpc_over_raw", ">=", 0.5)] };
}
