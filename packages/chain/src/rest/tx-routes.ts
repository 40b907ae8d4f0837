// cosmos.tx.v1beta1.Service over REST: simulate, broadcast (SYNC / ASYNC), GetTx,
// GetTxsEvent (`?query=` as SDK 0.50, `?events=` as older SDKs) and GetBlockWithTxs.
import { sha256 } from "@noble/hashes/sha2.js";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { ChainError } from "../errors/chain-error";
import type { SearchCondition, CheckTxResponse, IndexedTx } from "../node/types";
import { parseQuery, QueryParseError } from "../rpc/query-parser";
import { badRequest, notFound } from "./errors";
import { snakeKeys } from "./json";
import { abciRaw } from "./query";
import type { RestRequest, RestRouter } from "./router";
import { blockIdJson, blockJson } from "./tendermint-json";
import { txResponseJson, txToJson } from "./tx-json";

const MAX_LIMIT = 100;

function txBytesOf(req: RestRequest): Uint8Array {
  const v = req.body.tx_bytes;
  if (typeof v !== "string" || v === "" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) {
    throw badRequest("tx_bytes is required: the base64 of a signed cosmos.tx.v1beta1.TxRaw");
  }
  return new Uint8Array(Buffer.from(v, "base64"));
}

async function blockTime(req: RestRequest, height: bigint): Promise<string> {
  return (await req.node.getBlock(height))?.header.time ?? "";
}

async function checkTx(req: RestRequest, tx: Uint8Array): Promise<CheckTxResponse> {
  try {
    return await req.node.checkTx(tx);
  } catch (err) {
    if (!(err instanceof ChainError)) throw err;
    const empty = { data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [] };
    return { ...empty, hash: sha256(tx), code: err.code, codespace: err.codespace, log: err.message };
  }
}

function searchPaging(q: URLSearchParams): { page: number; limit: number; desc: boolean } {
  const int = (k: string, dflt: number) => {
    const v = q.get(k) ?? q.get(`pagination.${k}`);
    if (v === null || v === "") return dflt;
    if (!/^\d+$/.test(v)) throw badRequest(`${k} must be a positive integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const limit = Math.min(MAX_LIMIT, Math.max(1, int("limit", MAX_LIMIT)));
  const offset = q.get("pagination.offset");
  const page = q.get("page") ? Math.max(1, int("page", 1)) : offset ? Math.floor(Number(offset) / limit) + 1 : 1;
  const order = q.get("order_by") ?? "";
  return { page, limit, desc: order === "ORDER_BY_DESC" || order === "2" };
}

async function txsEvent(req: RestRequest): Promise<unknown> {
  const events = req.query.getAll("events").filter(Boolean);
  const text = req.query.get("query") || events.join(" AND ");
  if (!text) throw badRequest("query is required, e.g. ?query=message.sender='nesa1…' (or the older ?events=…)");
  let conditions: SearchCondition[];
  try {
    conditions = parseQuery(text).conditions;
  } catch (err) {
    if (err instanceof QueryParseError) throw badRequest(err.message);
    throw err;
  }
  const { page, limit, desc } = searchPaging(req.query);
  const { txs, total } = await req.node.searchTxs(conditions, page, limit, desc ? "desc" : "asc");
  const responses: unknown[] = [];
  for (const t of txs) responses.push(txResponseJson(t, await blockTime(req, t.height)));
  return { txs: txs.map((t) => txToJson(t.tx)), tx_responses: responses, pagination: null, total: String(total) };
}

function syncResponse(r: CheckTxResponse): Record<string, unknown> {
  const hex = Buffer.from(r.hash).toString("hex").toUpperCase();
  return {
    tx_response: {
      height: "0", txhash: hex, codespace: r.codespace, code: r.code, data: Buffer.from(r.data).toString("hex").toUpperCase(),
      raw_log: r.log, logs: [], info: "", gas_wanted: r.gasWanted.toString(), gas_used: r.gasUsed.toString(),
      tx: null, timestamp: "", events: [],
    },
  };
}

export function addTxRoutes(r: RestRouter): void {
  r.add("POST", "/cosmos/tx/v1beta1/simulate", async (req) => {
    const value = await abciRaw(req.node, "/cosmos.tx.v1beta1.Service/Simulate", SimulateRequest.encode({ txBytes: txBytesOf(req) }).finish());
    return snakeKeys(SimulateResponse.toJSON(SimulateResponse.decode(value)));
  });
  r.add("POST", "/cosmos/tx/v1beta1/txs", async (req) => {
    const tx = txBytesOf(req);
    const mode = req.body.mode ?? "BROADCAST_MODE_SYNC";
    if (mode === "BROADCAST_MODE_ASYNC" || mode === 3) {
      const hash = sha256(tx);
      checkTx(req, tx).catch(() => undefined);
      return syncResponse({ hash, code: 0, codespace: "", log: "", data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [] });
    }
    if (mode !== "BROADCAST_MODE_SYNC" && mode !== 2) {
      throw badRequest(`mode ${JSON.stringify(mode)} is not supported: use BROADCAST_MODE_SYNC or BROADCAST_MODE_ASYNC, then poll GET /cosmos/tx/v1beta1/txs/{hash}`);
    }
    return syncResponse(await checkTx(req, tx));
  });
  r.add("GET", "/cosmos/tx/v1beta1/txs/{hash}", async (req) => {
    const h = req.path.hash.replace(/^0x/, "");
    if (!/^[0-9a-fA-F]{64}$/.test(h)) throw badRequest(`tx hash must be 64 hex characters, got ${JSON.stringify(req.path.hash)}`);
    const found: IndexedTx | undefined = await req.node.getTx(new Uint8Array(Buffer.from(h, "hex")));
    if (!found) throw notFound(`tx not found: ${h.toUpperCase()}`);
    return { tx: txToJson(found.tx), tx_response: txResponseJson(found, await blockTime(req, found.height)) };
  });
  r.add("GET", "/cosmos/tx/v1beta1/txs", txsEvent);
  r.add("GET", "/cosmos/tx/v1beta1/txs/block/{height}", async (req) => {
    if (!/^\d+$/.test(req.path.height)) throw badRequest(`height must be a positive integer, got ${JSON.stringify(req.path.height)}`);
    const b = await req.node.getBlock(BigInt(req.path.height));
    if (!b) throw notFound(`block ${req.path.height} not found (latest is ${req.node.latestHeight()})`);
    return {
      txs: b.txs.map(txToJson),
      block_id: blockIdJson(b.hash),
      block: blockJson(b, req.node.validator()),
      pagination: { next_key: null, total: String(b.txs.length) },
    };
  });
}
