// `nesa-miner status`: what the chain knows about this miner, its queue, and whether a running sidecar is healthy.
import { Queue } from "bullmq";
import { RedisKeys } from "@nesa/data-plane";
import { ChainReader } from "../chain/chain-reader";
import type { MinerConfig } from "../config/miner-config";
import { createRedis } from "../redis/connection";

export async function minerStatus(config: MinerConfig, address: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { address, chainId: config.chainId };
  try {
    const chain = await ChainReader.connect(config.rpcUrl);
    try {
      const m = await chain.query.stakingext.miner(address);
      out.chain = {
        registered: true,
        bonded: m.bonded ? `${m.bonded.amount}${m.bonded.denom}` : "0",
        jailed: m.jailed,
        models: m.models,
        seatsServed: m.seatsServed.toString(),
        totalMissed: m.totalMissed.toString(),
        totalWrong: m.totalWrong.toString(),
      };
    } catch {
      out.chain = { registered: false, hint: "run `nesa-miner register`" };
    } finally {
      chain.disconnect();
    }
  } catch (err) {
    out.chain = { error: (err as Error).message };
  }
  const redis = createRedis(config.redisUrl);
  try {
    const keys = new RedisKeys(config.redisPrefix);
    const queue = new Queue(keys.minerQueue(address), { connection: redis, prefix: keys.bullPrefix });
    out.queue = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed");
    await queue.close();
  } catch (err) {
    out.queue = { error: (err as Error).message };
  } finally {
    redis.disconnect();
  }
  try {
    const res = await fetch(`http://${config.metricsHost}:${config.metricsPort}/healthz`, { signal: AbortSignal.timeout(2000) });
    out.sidecar = await res.json();
  } catch {
    out.sidecar = { status: "not running", hint: "start it with `nesa-miner start`" };
  }
  return out;
}
