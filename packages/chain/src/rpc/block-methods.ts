// Block-level methods: block, block_results, blockchain, commit.
import type { RpcContext } from "./context";
import {
  encodeBlockId,
  encodeBlockMeta,
  encodeBlockResponse,
  encodeBlockResults,
  encodeHeader,
} from "./encode";
import { methodFailed } from "./jsonrpc";
import { type Params, optInt } from "./params";

/** CometBFT returns at most 20 block metas per `blockchain` call. */
const MAX_BLOCK_METAS = 20n;

async function block(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await ctx.block(ctx.resolveHeight(optInt(p, "height")));
  return encodeBlockResponse(b, ctx.node.validator());
}

async function blockResults(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await ctx.block(ctx.resolveHeight(optInt(p, "height")));
  return encodeBlockResults(b);
}

async function commit(ctx: RpcContext, p: Params): Promise<unknown> {
  const b = await ctx.block(ctx.resolveHeight(optInt(p, "height")));
  return {
    signed_header: {
      header: encodeHeader(b.header, ctx.node.validator()),
      commit: { height: b.header.height.toString(), round: 0, block_id: encodeBlockId(b.hash), signatures: [] },
    },
    canonical: true,
  };
}

async function blockchain(ctx: RpcContext, p: Params): Promise<unknown> {
  const top = ctx.node.latestHeight();
  const lowest = ctx.node.earliestHeight() > 0n ? ctx.node.earliestHeight() : 1n;
  const minParam = optInt(p, "minHeight");
  const maxParam = optInt(p, "maxHeight");
  if (minParam !== undefined && minParam < 0n) throw methodFailed("minHeight must be non-negative");
  if (maxParam !== undefined && maxParam < 0n) throw methodFailed("maxHeight must be non-negative");
  let max = maxParam && maxParam > 0n ? maxParam : top;
  if (max > top) max = top;
  let min = minParam && minParam > 0n ? minParam : lowest;
  if (min < lowest) min = lowest;
  if (min > max) {
    if (top === 0n) return { last_height: "0", block_metas: [] };
    throw methodFailed(`minHeight ${min} is greater than maxHeight ${max}`);
  }
  if (max - min + 1n > MAX_BLOCK_METAS) min = max - MAX_BLOCK_METAS + 1n;
  const validator = ctx.node.validator();
  const metas: unknown[] = [];
  for (let h = max; h >= min; h--) metas.push(encodeBlockMeta(await ctx.block(h), validator));
  return { last_height: top.toString(), block_metas: metas };
}

export const blockMethods = {
  block,
  block_results: blockResults,
  blockchain,
  commit,
};
