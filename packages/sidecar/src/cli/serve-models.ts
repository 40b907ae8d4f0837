// `nesa-miner serve --models ID[,ID]`: opt in to newly registered models without restarting the running miner.
// Fetches every shard and HSS stage of each model from the store into the shared cacheDir (each verified by its
// sha256; a mismatch is refused and nothing is cached), then sends MsgUpdateMiner with the served list extended.
// The running worker reads a job's model from the chain and loads its shard from cacheDir, so it takes the new
// model's seats as soon as the update is in a block.
import { QueryClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { ShardCache } from "@nesa/model-store";
import { setupInferenceExtension, setupStakingextExtension } from "@nesa/client";
import type { Logger } from "pino";
import { CosmjsTxBackend } from "../chain/tx-backend";
import { type Submitted, TxSubmitter } from "../chain/tx-submitter";
import type { MinerConfig } from "../config/miner-config";
import type { MinerKeys } from "../keys/key-file";

export interface ServeModelsResult {
  models: string[];
  fetched: { modelId: string; sha256: string }[];
  sent: Submitted | null;
}

/**
 * @example await serveModels(config, keys, ["my-net"], log) // then the running miner takes my-net's seats
 */
export async function serveModels(config: MinerConfig, keys: MinerKeys, add: string[], logger: Logger, opts: { drop?: string[] } = {}): Promise<ServeModelsResult> {
  if (add.length === 0 && (opts.drop ?? []).length === 0) throw new Error("name the models to serve: --models my-net[,other]");
  const comet = await Comet38Client.connect(config.rpcUrl);
  const q = QueryClient.withExtensions(comet, setupInferenceExtension, setupStakingextExtension);
  const fetched: ServeModelsResult["fetched"] = [];
  try {
    const miner = await q.stakingext.miner(keys.address).catch(() => undefined);
    if (!miner) throw new Error(`miner ${keys.address} is not registered: run \`nesa-miner register --models ${add.join(",")}\` first`);
    const cache = new ShardCache({ storeUrl: config.modelStoreUrl, cacheDir: config.cacheDir, maxBytes: config.maxShardBytes, logger });
    for (const modelId of add) {
      const model = await q.inference.model(modelId).catch(() => undefined);
      if (!model) throw new Error(`model ${modelId} is not registered on chain: ask its owner to run \`nesa-models publish\`, or check the id with \`nesa models list\``);
      if (model.deprecated) throw new Error(`model ${modelId} is deprecated: it takes no new queries`);
      const stages = [...model.shards, ...(model.hss?.share ? [model.hss.share] : []), ...(model.hss?.combine ? [model.hss.combine] : [])];
      for (const s of stages) {
        const sha256 = Buffer.from(s.sha256).toString("hex");
        await cache.get(sha256, { sizeBytes: Number(s.sizeBytes) });
        fetched.push({ modelId, sha256 });
      }
      logger.info({ modelId, blobs: stages.length }, "model fetched and verified");
    }
    const models = [...new Set([...miner.models, ...add])].filter((m) => !(opts.drop ?? []).includes(m));
    if (models.length === 0) throw new Error("a miner serves at least one model; to stop serving, unbond (MsgUnbond)");
    if (models.length === miner.models.length && models.every((m) => miner.models.includes(m))) return { models, fetched, sent: null };
    const backend = await CosmjsTxBackend.connect({ rpcUrl: config.rpcUrl, signer: keys.wallet, chainId: config.chainId, gasPrice: config.gasPrice });
    try {
      const submitter = new TxSubmitter({ address: keys.address, backend, logger, pollMs: 200 });
      const sent = await submitter.submit("register", [{ typeUrl: "/nesa.stakingext.v1.MsgUpdateMiner", value: { operator: keys.address, encryptionPubkey: new Uint8Array(), models } }]);
      logger.info({ models, height: sent.height }, "MsgUpdateMiner included: serving");
      return { models, fetched, sent };
    } finally {
      backend.disconnect();
    }
  } finally {
    comet.disconnect();
  }
}
