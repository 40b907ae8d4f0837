// `nesa-miner start`: a MinerNode whose seats come from the chain and whose results are committed and revealed
// with the miner's own key.
import type { Logger } from "pino";
import { ChainAssignmentSource } from "./chain/chain-assignment-source";
import { ChainReader } from "./chain/chain-reader";
import { CommitStep } from "./chain/commit-step";
import { RevealWorker } from "./chain/reveal-worker";
import { CosmjsTxBackend } from "./chain/tx-backend";
import { TxSubmitter } from "./chain/tx-submitter";
import type { MinerConfig } from "./config/miner-config";
import { loadKeyFile } from "./keys/key-file";
import { MinerMetrics } from "./metrics/miner-metrics";
import { MinerNode } from "./miner-node";

export type ChainMiner = { node: MinerNode; address: string; stop(): Promise<void> };

export async function startChainMiner(config: MinerConfig, logger: Logger, opts: { serveMetrics?: boolean; pollMs?: number } = {}): Promise<ChainMiner> {
  const keys = await loadKeyFile(config.keyFile);
  const chain = await ChainReader.connect(config.rpcUrl);
  const backend = await CosmjsTxBackend.connect({ rpcUrl: config.rpcUrl, signer: keys.wallet, chainId: config.chainId, gasPrice: config.gasPrice, pollMs: opts.pollMs });
  const metrics = new MinerMetrics({ defaultMetrics: opts.serveMetrics !== false });
  const submitter = new TxSubmitter({ address: keys.address, backend, logger, metrics });
  let reveals: RevealWorker | undefined;
  let ready!: (step: CommitStep) => void;
  const stepReady = new Promise<CommitStep>((r) => {
    ready = r;
  });
  const node = await MinerNode.start({
    config,
    miner: keys.address,
    encryptionKey: keys.encryptionPrivateKey,
    assignments: new ChainAssignmentSource(chain),
    onResult: async (result) => (await stepReady).onResult(result),
    logger,
    metrics,
    serveMetrics: opts.serveMetrics,
    onStop: async () => {
      await reveals?.close();
      await submitter.flush();
      backend.disconnect();
      chain.disconnect();
    },
  });
  ready(new CommitStep({ redis: node.redis, keys: node.keys, queues: node.queues, submitter, logger, ttlSeconds: config.tensorTtlSeconds, revealDelayMs: opts.pollMs }));
  // Served models' shards are loaded before the first seat: the commit window is only a few blocks long.
  for (const modelId of config.models) {
    try {
      const model = await chain.query.inference.model(modelId);
      // HSS stages too: an HSS_EE seat (share or combine) has the same few-block window as any other.
      const stages = [...model.shards, ...(model.hss?.share ? [model.hss.share] : []), ...(model.hss?.combine ? [model.hss.combine] : [])];
      const n = await node.warmUp(stages.map((sh) => ({ index: sh.index, sha256: Buffer.from(sh.sha256).toString("hex"), sizeBytes: Number(sh.sizeBytes) })));
      logger.info({ modelId, shards: n }, "model preloaded");
    } catch (err) {
      logger.warn({ modelId, err: (err as Error).message }, "model not preloaded (not registered yet?); shards load on first use");
    }
  }
  reveals = new RevealWorker({ miner: keys.address, keys: node.keys, connection: node.redis, chain, tensors: node.tensors, submitter, logger, pollMs: opts.pollMs });
  return { node, address: keys.address, stop: () => node.stop() };
}
