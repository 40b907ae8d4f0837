// cosmos.base.tendermint.v1beta1.Service over REST: node_info (Keplr's endpoint check reads
// default_node_info.network), syncing, blocks, the latest validator set.
import type { ChainNode } from "../node/types";
import { COMETBFT_VERSION } from "../rpc/info-methods";
import { badRequest, notFound } from "./errors";
import type { RestRouter } from "./router";
import { blockIdJson, blockJson, sdkBlockJson, validatorJson } from "./tendermint-json";

async function blockAt(node: ChainNode, height: bigint) {
  const b = await node.getBlock(height);
  if (!b) throw notFound(`block ${height} not found (latest is ${node.latestHeight()})`);
  return { block_id: blockIdJson(b.hash), block: blockJson(b, node.validator()), sdk_block: sdkBlockJson(b, node.validator()) };
}

export function addTendermintRoutes(r: RestRouter, listenAddr: () => string): void {
  const base = "/cosmos/base/tendermint/v1beta1";
  r.add("GET", `${base}/node_info`, async ({ node }) => ({
    default_node_info: {
      protocol_version: { p2p: "8", block: "11", app: "0" },
      default_node_id: Buffer.from(node.validator().address).toString("hex"),
      listen_addr: listenAddr(),
      network: node.chainId,
      version: COMETBFT_VERSION,
      channels: Buffer.from("40202122233038606100", "hex").toString("base64"),
      moniker: node.moniker,
      other: { tx_index: "on", rpc_address: "" },
    },
    application_version: {
      name: "nesa",
      app_name: "nesad",
      version: "0.1.0",
      git_commit: "",
      build_tags: "",
      go_version: "",
      build_deps: [],
      cosmos_sdk_version: "v0.50",
    },
  }));
  r.add("GET", `${base}/syncing`, async () => ({ syncing: false }));
  r.add("GET", `${base}/blocks/latest`, async ({ node }) => {
    if (node.latestHeight() === 0n) throw notFound("no blocks yet: the chain has not produced its first block");
    return blockAt(node, node.latestHeight());
  });
  r.add("GET", `${base}/blocks/{height}`, async ({ node, path }) => {
    if (!/^[1-9]\d*$/.test(path.height)) throw badRequest(`height must be a positive integer, got ${JSON.stringify(path.height)}`);
    return blockAt(node, BigInt(path.height));
  });
  r.add("GET", `${base}/validatorsets/latest`, async ({ node }) => ({
    block_height: node.latestHeight().toString(),
    validators: [validatorJson(node.validator())],
    pagination: { next_key: null, total: "1" },
  }));
}
