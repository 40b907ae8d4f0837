// More block-level methods CometBFT 0.38 serves and explorers call: header, header_by_hash,
// block_by_hash, block_search, consensus_params, net_info.
import type { SearchCondition, StoredBlock } from "../node/types";
import type { RpcContext } from "./context";
import { encodeBlockResponse, encodeHeader, toHex } from "./encode";
import { invalidParams, methodFailed } from "./jsonrpc";
import { type Params, optInt, optString, reqHash, reqString } from "./params";
import { parseQuery, QueryParseError } from "./query-parser";
import { blockEventsMap, matchesEvents } from "./tx-matcher";
import { completeConsensusParams } from "./consensus-params";

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** height → block hash, filled lazily (one scan) and kept current from `block` events. */
const hashIndexes = new WeakMap<RpcContext, Map<string, bigint>>();

async function heightOfHash(ctx: RpcContext, hashHex: string): Promise<bigint | undefined> {
  let index = hashIndexes.get(ctx);
  if (!index) {
    const map = new Map<string, bigint>();
    const top = ctx.node.latestHeight();
    const low = ctx.node.earliestHeight() || 1n;
    for (let h = low; h <= top; h++) {
      const b = await ctx.node.getBlock(h);
      if (b) map.set(toHex(b.hash), h);
    }
    ctx.node.on("block", (b) => map.set(toHex(b.hash), b.header.height));
    hashIndexes.set(ctx, map);
    index = map;
  }
  return index.get(hashHex);
}

async function blockByHashOf(ctx: RpcContext, p: Params): Promise<StoredBlock | undefined> {
  const height = await heightOfHash(ctx, toHex(reqHash(p, "hash")));
  return height === undefined ? undefined : ctx.block(height);
}

async function header(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await ctx.block(ctx.resolveHeight(optInt(p, "height")));
  return { header: encodeHeader(b.header, ctx.node.validator()) };
}

/** CometBFT answers an unknown hash with `{header: null}` / `{block_id: {}, block: null}`. */
async function headerByHash(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await blockByHashOf(ctx, p);
  return { header: b ? encodeHeader(b.header, ctx.node.validator()) : null };
}

async function blockByHash(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await blockByHashOf(ctx, p);
  if (!b) return { block_id: { hash: "", parts: { total: 0, hash: "" } }, block: null };
  return encodeBlockResponse(b, ctx.node.validator());
}

function pageParams(p: Params): { page: number; perPage: number; desc: boolean } {
  const per = optInt(p, "per_page");
  const perPage = per === undefined || per < 1n ? DEFAULT_PER_PAGE : per > BigInt(MAX_PER_PAGE) ? MAX_PER_PAGE : Number(per);
  const page = optInt(p, "page") ?? 1n;
  if (page < 1n || page > 1_000_000_000n) throw invalidParams(`page must be a positive integer, got ${page}`);
  const order = (optString(p, "order_by") ?? "").toLowerCase();
  if (order !== "" && order !== "asc" && order !== "desc") {
    throw invalidParams(`order_by must be "asc" or "desc", got ${JSON.stringify(order)}`);
  }
  return { page: Number(page), perPage, desc: order === "desc" };
}

/** Blocks whose height and BeginBlock/EndBlock events match; `block.height` conditions narrow the scan. */
async function blockSearch(ctx: RpcContext, p: Params): Promise<unknown> {
  let conditions: SearchCondition[];
  try {
    conditions = parseQuery(reqString(p, "query")).conditions;
  } catch (err) {
    if (err instanceof QueryParseError) throw invalidParams(err.message);
    throw err;
  }
  const { page, perPage, desc } = pageParams(p);
  let low = ctx.node.earliestHeight() || 1n;
  let high = ctx.node.latestHeight();
  for (const c of conditions) {
    if (c.key !== "block.height") continue;
    const v = typeof c.value === "bigint" ? c.value : /^\d+$/.test(c.value) ? BigInt(c.value) : undefined;
    if (v === undefined) throw invalidParams(`block.height must be compared with a number, got ${JSON.stringify(c.value)}`);
    if (c.op === "=") [low, high] = [v > low ? v : low, v < high ? v : high];
    else if (c.op === ">" && v + 1n > low) low = v + 1n;
    else if (c.op === ">=" && v > low) low = v;
    else if (c.op === "<" && v - 1n < high) high = v - 1n;
    else if (c.op === "<=" && v < high) high = v;
  }
  const rest = conditions.filter((c) => c.key !== "block.height");
  const heights: bigint[] = [];
  for (let h = low; h <= high; h++) {
    if (rest.length === 0) {
      heights.push(h);
      continue;
    }
    const b = await ctx.block(h);
    if (matchesEvents(rest, blockEventsMap(b, "NewBlock"))) heights.push(h);
  }
  if (desc) heights.reverse();
  const pages = Math.max(1, Math.ceil(heights.length / perPage));
  if (page > pages) throw methodFailed(`page should be within [1, ${pages}] range, given ${page}`);
  const blocks: unknown[] = [];
  for (const h of heights.slice((page - 1) * perPage, page * perPage)) {
    blocks.push(encodeBlockResponse(await ctx.block(h), ctx.node.validator()));
  }
  return { blocks, total_count: String(heights.length) };
}

async function consensusParams(ctx: RpcContext, p: Params): Promise<unknown> {
  const height = ctx.resolveHeight(optInt(p, "height"));
  const g = ctx.node.genesis() as { consensus_params?: unknown } | undefined;
  return { block_height: height.toString(), consensus_params: completeConsensusParams(g?.consensus_params) };
}

/** One node, no peers. */
async function netInfo(ctx: RpcContext): Promise<unknown> {
  return { listening: true, listeners: [ctx.listenAddr], n_peers: "0", peers: [] };
}

export const chainMethods = {
  header,
  header_by_hash: headerByHash,
  block_by_hash: blockByHash,
  block_search: blockSearch,
  consensus_params: consensusParams,
  net_info: (ctx: RpcContext) => netInfo(ctx),
};
