// `nesa-miner start`: a MinerNode whose seats come from the chain and whose results are committed and revealed
// with the miner's own key. One chain follower per process hands on every block, and the block alone (tx results,
// x/inference events) drives tx inclusion, reveals and seat lookups: waiting costs no RPC.
import { ChainFollower } from "@nesa/client";
import type { Logger } from "pino";
import { ChainAssignmentSource } from "./chain/chain-assignment-source";
import { ChainReader } from "./chain/chain-reader";
import { CommitStep } from "./chain/commit-step";
import { minerBlockHandler } from "./chain/miner-block-handler";
import { RevealScheduler } from "./chain/reveal-scheduler";
import { PendingRevealMemory } from "./chain/pending-reveal-memory";
import { RevealSender } from "./chain/reveal-sender";
import { RevealWorker } from "./chain/reveal-worker";
import { CosmjsTxBackend } from "./chain/tx-backend";
import { TxSubmitter } from "./chain/tx-submitter";
import type { MinerConfig } from "./config/miner-config";
import { loadKeyFile } from "./keys/key-file";
import { MinerMetrics } from "./metrics/miner-metrics";
import { MinerNode } from "./miner-node";

export type ChainMiner = { node: MinerNode; address: string; stop(): Promise<void> };

export type ChainMinerOptions = {
  serveMetrics?: boolean;
  /** Status poll of the chain follower while its WebSocket is down, and of the durable reveal job. */
  pollMs?: number;
  /** When the durable reveal job first runs (tests shorten it to exercise the fallback). */
  revealFallbackMs?: number;
};

export async function startChainMiner(config: MinerConfig, logger: Logger, opts: ChainMinerOptions = {}): Promise<ChainMiner> {
  const keys = await loadKeyFile(config.keyFile);
  const chain = await ChainReader.connect(config.rpcUrl);
  const backend = await CosmjsTxBackend.connect({ rpcUrl: config.rpcUrl, signer: keys.wallet, chainId: config.chainId, gasPrice: config.gasPrice });
  const metrics = new MinerMetrics({ defaultMetrics: opts.serveMetrics !== false });
  const submitter = new TxSubmitter({ address: keys.address, backend, logger, metrics });
  const assignments = new ChainAssignmentSource(chain);
  let reactions: { sender: RevealSender; scheduler: RevealScheduler } | undefined;
  const follower = new ChainFollower({
    rpcUrl: config.rpcUrl,
    comet: chain.comet,
    pollIntervalMs: opts.pollMs ?? 200,
    wsCheckIntervalMs: 1000,
    logger,
    onHeight: async () => {},
    onBlock: minerBlockHandler({ submitter, assignments, reveals: () => reactions }),
  });
  let reveals: RevealWorker | undefined;
  let ready!: (step: CommitStep) => void;
  const stepReady = new Promise<CommitStep>((r) => {
    ready = r;
  });
  const node = await MinerNode.start({
    config,
    miner: keys.address,
    encryptionKey: keys.encryptionPrivateKey,
    assignments,
    onResult: async (result, output) => (await stepReady).onResult(result, output),
    logger,
    metrics,
    serveMetrics: opts.serveMetrics,
    onStop: async () => {
      await reveals?.close();
      await submitter.flush();
      await follower.stop();
      backend.disconnect();
      chain.disconnect();
    },
  });
  // Salts and outputs of committed seats, in memory as well as in Redis: a Redis data loss must not cost a reveal.
  const memory = new PendingRevealMemory();
  const sender = new RevealSender({ miner: keys.address, keys: node.keys, redis: node.redis, queues: node.queues, chain, tensors: node.tensors, submitter, logger, memory });
  const revealScheduler = new RevealScheduler(chain, sender, logger);
  reactions = { sender, scheduler: revealScheduler };
  await follower.start();
  ready(
    new CommitStep({
      redis: node.redis,
      keys: node.keys,
      queues: node.queues,
      submitter,
      logger,
      ttlSeconds: config.tensorTtlSeconds,
      revealFallbackMs: opts.revealFallbackMs,
      memory,
      onCommitted: (c, sent) => revealScheduler.track(c, sent.alreadyDone ? undefined : sent.height),
    }),
  );
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
  reveals = new RevealWorker({ miner: keys.address, keys: node.keys, connection: node.redis, chain, sender, scheduler: revealScheduler, logger, pollMs: opts.pollMs });
  return { node, address: keys.address, stop: () => node.stop() };
}
