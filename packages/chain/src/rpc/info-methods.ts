// Node-level methods: status, health, abci_info, abci_query, genesis, validators.
import { sha256 } from "@noble/hashes/sha2.js";
import { completeConsensusParams } from "./consensus-params";
import type { RpcContext } from "./context";
import { encodeValidator, toBase64, toHex } from "./encode";
import { invalidParams, methodFailed } from "./jsonrpc";
import { type Params, optHexBytes, optInt, reqString } from "./params";

export const COMETBFT_VERSION = "0.38.17";
const EPOCH = "1970-01-01T00:00:00Z";

function genesisTime(ctx: RpcContext): string {
  const g = ctx.node.genesis() as { genesis_time?: unknown } | undefined;
  return typeof g?.genesis_time === "string" ? g.genesis_time : EPOCH;
}

async function status(ctx: RpcContext): Promise<unknown> {
  const { node } = ctx;
  const validator = node.validator();
  const latest = await ctx.latestBlock();
  const earliest = await ctx.earliestBlock();
  const appHash = toHex(node.latestAppHash());
  // Before the first block cosmjs still needs non-empty hashes; a hash of nothing is unambiguous.
  const emptyHash = toHex(sha256(new Uint8Array()));
  return {
    node_info: {
      protocol_version: { p2p: "8", block: "11", app: "0" },
      id: toHex(validator.address).toLowerCase(),
      listen_addr: ctx.listenAddr,
      network: node.chainId,
      version: COMETBFT_VERSION,
      channels: "40202122233038606100",
      moniker: node.moniker,
      other: { tx_index: "on", rpc_address: ctx.listenAddr },
    },
    sync_info: {
      latest_block_hash: latest ? toHex(latest.hash) : emptyHash,
      latest_app_hash: appHash || emptyHash,
      latest_block_height: node.latestHeight().toString(),
      latest_block_time: latest ? latest.header.time : genesisTime(ctx),
      earliest_block_hash: earliest ? toHex(earliest.hash) : "",
      earliest_app_hash: earliest ? toHex(earliest.header.appHash) : "",
      earliest_block_height: earliest ? earliest.header.height.toString() : "0",
      earliest_block_time: earliest ? earliest.header.time : genesisTime(ctx),
      catching_up: false,
    },
    validator_info: encodeValidator(validator),
  };
}

async function abciInfo(ctx: RpcContext): Promise<unknown> {
  return {
    response: {
      data: "nesa",
      version: "0.1.0",
      app_version: "1",
      last_block_height: ctx.node.latestHeight().toString(),
      last_block_app_hash: toBase64(ctx.node.latestAppHash()),
    },
  };
}

async function abciQuery(ctx: RpcContext, p: Params): Promise<unknown> {
  const path = reqString(p, "path");
  if (!path.startsWith("/")) throw methodFailed(`path must start with "/", e.g. /cosmos.bank.v1beta1.Query/Balance`);
  const data = optHexBytes(p, "data");
  const height = optInt(p, "height");
  const r = await ctx.node.query(path, data, height && height > 0n ? height : undefined);
  return {
    response: {
      code: r.code,
      log: r.log,
      info: "",
      index: "0",
      key: null,
      value: r.value.length ? toBase64(r.value) : null,
      proofOps: null,
      height: r.height.toString(),
      codespace: r.codespace,
    },
  };
}

async function validators(ctx: RpcContext, p: Params): Promise<unknown> {
  const height = ctx.resolveHeight(optInt(p, "height"));
  // One validator: one page whatever per_page is; a later page is an error, as in CometBFT.
  const page = optInt(p, "page") ?? 1n;
  if (page !== 1n) throw methodFailed(`page should be within [1, 1] range, given ${page}`);
  const perPage = optInt(p, "per_page");
  if (perPage !== undefined && perPage < 0n) throw invalidParams(`per_page must be positive, got ${perPage}`);
  return {
    block_height: height.toString(),
    validators: [encodeValidator(ctx.node.validator())],
    count: "1",
    total: "1",
  };
}

/** Homes created before the full consensus params still serve every section (CometBFT's defaults). */
function withCompleteConsensusParams(g: unknown): unknown {
  if (typeof g !== "object" || g === null) return g;
  const doc = g as { consensus_params?: unknown };
  return { ...doc, consensus_params: completeConsensusParams(doc.consensus_params) };
}

export const infoMethods = {
  status: (ctx: RpcContext) => status(ctx),
  health: async () => ({}),
  abci_info: (ctx: RpcContext) => abciInfo(ctx),
  abci_query: abciQuery,
  genesis: async (ctx: RpcContext) => ({ genesis: withCompleteConsensusParams(ctx.node.genesis()) }),
  validators,
};
