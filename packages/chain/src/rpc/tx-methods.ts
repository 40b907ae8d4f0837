// Tx methods: broadcast_tx_sync / async / commit, check_tx, tx, tx_search, (num_)unconfirmed_txs.
import { sha256 } from "@noble/hashes/sha2.js";
import { ChainError } from "../errors/chain-error";
import { ErrTxInMempoolCache } from "../errors/sdk-errors";
import type { CheckTxResponse, IndexedTx, TxResult } from "../node/types";
import type { RpcContext } from "./context";
import { encodeIndexedTx, encodeTxResult, toBase64, toHex } from "./encode";
import { invalidParams, methodFailed } from "./jsonrpc";
import { type Params, optInt, optString, reqBase64Bytes, reqHash, reqString } from "./params";
import { type ParsedQuery, parseQuery, QueryParseError } from "./query-parser";

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/**
 * CheckTx through the node. A registered ChainError thrown by the node becomes a coded reply
 * (cosmjs turns it into BroadcastTxError); `hash` is always present, as cosmjs decodes it first.
 */
async function checkTx(ctx: RpcContext, tx: Uint8Array): Promise<CheckTxResponse> {
  try {
    return await ctx.node.checkTx(tx);
  } catch (err) {
    if (!(err instanceof ChainError)) throw err;
    return {
      hash: sha256(tx),
      code: err.code,
      codespace: err.codespace,
      log: err.message,
      data: new Uint8Array(),
      gasWanted: 0n,
      gasUsed: 0n,
      events: [],
    };
  }
}

/** CometBFT's mempool cache answer for a duplicate, which client retry loops look for. */
const TX_IN_CACHE = "tx already exists in cache";

async function admitTx(ctx: RpcContext, tx: Uint8Array): Promise<CheckTxResponse> {
  const r = await checkTx(ctx, tx);
  if (r.code === ErrTxInMempoolCache.code && r.codespace === ErrTxInMempoolCache.codespace) throw methodFailed(TX_IN_CACHE);
  return r;
}

function syncReply(r: CheckTxResponse): Record<string, unknown> {
  return { code: r.code, data: toBase64(r.data), log: r.log, codespace: r.codespace, hash: toHex(r.hash) };
}

async function broadcastSync(ctx: RpcContext, p: Params): Promise<unknown> {
  const r = await admitTx(ctx, reqBase64Bytes(p, "tx"));
  if (r.code !== 0 && ctx.logger.isLevelEnabled("debug")) {
    ctx.logger.debug({ hash: toHex(r.hash), code: r.code, codespace: r.codespace, log: r.log }, "tx rejected at CheckTx");
  }
  return syncReply(r);
}

/** CometBFT's async mode does not wait for CheckTx; a rejection is only logged. */
async function broadcastAsync(ctx: RpcContext, p: Params): Promise<unknown> {
  const tx = reqBase64Bytes(p, "tx");
  const hash = sha256(tx);
  checkTx(ctx, tx).then(
    (r) => {
      if (r.code !== 0) ctx.logger.info({ hash: toHex(hash), code: r.code, log: r.log }, "async tx rejected");
    },
    (err) => ctx.logger.error({ err, hash: toHex(hash) }, "async checkTx failed"),
  );
  return { code: 0, data: "", log: "", codespace: "", hash: toHex(hash) };
}

const EMPTY_RESULT: TxResult = {
  code: 0,
  codespace: "",
  log: "",
  data: new Uint8Array(),
  gasWanted: 0n,
  gasUsed: 0n,
  events: [],
};

async function broadcastCommit(ctx: RpcContext, p: Params): Promise<unknown> {
  const check = await admitTx(ctx, reqBase64Bytes(p, "tx"));
  const hash = toHex(check.hash);
  if (check.code !== 0) {
    return { check_tx: encodeTxResult(check), tx_result: encodeTxResult(EMPTY_RESULT), hash, height: "0" };
  }
  let included: IndexedTx;
  try {
    included = await ctx.node.waitForTx(check.hash, ctx.broadcastCommitTimeoutMs);
  } catch {
    throw methodFailed(
      `timed out after ${ctx.broadcastCommitTimeoutMs} ms waiting for tx ${hash} to be committed; ` +
        `it is in the mempool: poll it with tx or tx_search`,
    );
  }
  return {
    check_tx: encodeTxResult(check),
    tx_result: encodeTxResult(included.result),
    hash,
    height: included.height.toString(),
  };
}

async function tx(ctx: RpcContext, p: Params): Promise<unknown> {
  const hash = reqHash(p, "hash");
  const found = await ctx.node.getTx(hash);
  if (!found) throw methodFailed(`tx (${toHex(hash)}) not found`);
  return encodeIndexedTx(found);
}

function perPageOf(p: Params): number {
  const v = optInt(p, "per_page");
  if (v === undefined || v < 1n) return DEFAULT_PER_PAGE;
  return v > BigInt(MAX_PER_PAGE) ? MAX_PER_PAGE : Number(v);
}

async function txSearch(ctx: RpcContext, p: Params): Promise<unknown> {
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(reqString(p, "query"));
  } catch (err) {
    if (err instanceof QueryParseError) throw invalidParams(err.message);
    throw err;
  }
  const orderBy = (optString(p, "order_by") ?? "").toLowerCase();
  if (orderBy !== "" && orderBy !== "asc" && orderBy !== "desc") {
    throw invalidParams(`order_by must be "asc" or "desc", got ${JSON.stringify(orderBy)}`);
  }
  const perPage = perPageOf(p);
  const pageParam = optInt(p, "page") ?? 1n;
  if (pageParam < 1n || pageParam > 1_000_000_000n) {
    throw invalidParams(`page must be a positive integer, got ${pageParam}`);
  }
  const page = Number(pageParam);
  const { txs, total } = await ctx.node.searchTxs(
    parsed.conditions,
    page,
    perPage,
    orderBy === "desc" ? "desc" : "asc",
  );
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (page > pages) throw methodFailed(`page should be within [1, ${pages}] range, given ${page}`);
  return { txs: txs.map(encodeIndexedTx), total_count: String(total) };
}

async function numUnconfirmedTxs(ctx: RpcContext): Promise<unknown> {
  const u = ctx.node.unconfirmedTxs(0);
  return { n_txs: String(u.total), total: String(u.total), total_bytes: String(u.totalBytes), txs: null };
}

/** `limit` defaults to 30, at most 100, as CometBFT. */
async function unconfirmedTxs(ctx: RpcContext, p: Params): Promise<unknown> {
  const limit = optInt(p, "limit");
  const n = limit === undefined || limit < 1n ? DEFAULT_PER_PAGE : limit > BigInt(MAX_PER_PAGE) ? MAX_PER_PAGE : Number(limit);
  const u = ctx.node.unconfirmedTxs(n);
  return { n_txs: String(u.txs.length), total: String(u.total), total_bytes: String(u.totalBytes), txs: u.txs.map(toBase64) };
}

/** CheckTx only: the tx is neither admitted nor broadcast (ResponseCheckTx). */
async function checkTxMethod(ctx: RpcContext, p: Params): Promise<unknown> {
  const r = await ctx.node.checkTxOnly(reqBase64Bytes(p, "tx"));
  return encodeTxResult(r);
}

export const txMethods = {
  broadcast_tx_sync: broadcastSync,
  broadcast_tx_async: broadcastAsync,
  broadcast_tx_commit: broadcastCommit,
  tx,
  tx_search: txSearch,
  num_unconfirmed_txs: numUnconfirmedTxs,
  unconfirmed_txs: unconfirmedTxs,
  check_tx: checkTxMethod,
};
