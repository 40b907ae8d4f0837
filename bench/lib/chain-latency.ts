// Latency of one tx and of one ABCI query on an idle chain, through the JSON-RPC any engine serves (the
// simulator's own, or CometBFT's): the same requests a dApp's cosmjs sends, so both engines are measured alike.
import { performance } from "node:perf_hooks";
import { sha256 } from "@noble/hashes/sha2.js";
import { QueryBalanceRequest } from "cosmjs-types/cosmos/bank/v1beta1/query";
import type { SignedTx } from "./cosmos-tx";
import { median } from "./stats";

async function call<T>(url: string, method: string, params: Record<string, unknown>): Promise<{ result?: T; error?: { data?: string; message?: string } }> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as { result?: T; error?: { data?: string; message?: string } };
}

export async function latestHeight(url: string): Promise<number> {
  const s = await call<{ sync_info: { latest_block_height: string } }>(url, "status", {});
  if (!s.result) throw new Error(`status: ${JSON.stringify(s.error)}`);
  return Number(s.result.sync_info.latest_block_height);
}

export interface TxLatency {
  /** Median ms from broadcast_tx_sync to `tx` finding it committed. */
  ms: number;
  /** Median blocks from the latest block at broadcast to the block that holds the tx (1 = the next block). */
  blocks: number;
  /** Mean ms between blocks over the measurement. */
  blockIntervalMs: number;
}

/** Each tx in turn (one in flight): broadcast, then poll `tx` by hash every 10 ms until it is in a block. */
export async function txLatency(url: string, txs: SignedTx[]): Promise<TxLatency> {
  const ms: number[] = [];
  const blocks: number[] = [];
  const firstHeight = await latestHeight(url);
  const started = performance.now();
  for (const tx of txs) {
    const h0 = await latestHeight(url);
    const t0 = performance.now();
    const b = await call<{ code: number; log: string }>(url, "broadcast_tx_sync", { tx: Buffer.from(tx.txBytes).toString("base64") });
    if (b.result?.code !== 0) throw new Error(`latency tx refused: ${JSON.stringify(b.result ?? b.error)}`);
    const hash = Buffer.from(sha256(tx.txBytes)).toString("base64");
    for (;;) {
      const r = await call<{ height: string; tx_result: { code: number; log: string } }>(url, "tx", { hash, prove: false });
      if (r.result) {
        if (r.result.tx_result.code !== 0) throw new Error(`latency tx failed in its block: ${r.result.tx_result.log}`);
        ms.push(performance.now() - t0);
        blocks.push(Number(r.result.height) - h0);
        break;
      }
      if (performance.now() - t0 > 30_000) throw new Error("a latency tx was not committed within 30 s");
      await new Promise((res) => setTimeout(res, 10));
    }
  }
  const elapsed = performance.now() - started;
  const advanced = (await latestHeight(url)) - firstHeight;
  return { ms: median(ms), blocks: median(blocks), blockIntervalMs: advanced > 0 ? elapsed / advanced : Number.NaN };
}

/** Median ms of `n` abci_query round trips (a bank balance at the latest height). */
export async function abciQueryMs(url: string, address: string, n = 50): Promise<number> {
  const data = Buffer.from(QueryBalanceRequest.encode({ address, denom: "unes" }).finish()).toString("hex");
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await call<{ response: { code: number; log: string } }>(url, "abci_query", { path: "/cosmos.bank.v1beta1.Query/Balance", data });
    if (r.result?.response.code !== 0) throw new Error(`abci_query failed: ${JSON.stringify(r.result?.response ?? r.error)}`);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
