// The chain benchmark's CometBFT runs: N validators (CometBFT v0.38 + `nesad start --abci` each) on
// 127.0.0.1 from the same genesis accounts as the simulator's runs, so the same pre-signed txs are
// valid; the load goes to validator 0's RPC and commits are read back from its block_results.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CometNet, rpc } from "../../packages/chain/src/testing/index";
import { type TxLatency, abciQueryMs, latestHeight, txLatency } from "./chain-latency";
import type { SignedTx } from "./cosmos-tx";
import { prepareLoad } from "./load-in-worker";
import type { BenchContext } from "./report";

export interface CometWorkload {
  txs: SignedTx[];
  lanes: string[][];
  latency: SignedTx[];
  queryAddress: string;
}

export interface EngineFigures {
  committed: number;
  latency: TxLatency;
  queryMs: number;
}

/** Counts the user txs (all but each block's first, the beacon) of every block after `from` until `total` are in. */
async function waitForCommits(url: string, from: number, total: number, stopped: () => boolean): Promise<{ at: number; failed: number; blocks: number }> {
  const deadline = performance.now() + 300_000;
  let seen = from;
  let done = 0;
  let failed = 0;
  let blocks = 0;
  for (;;) {
    const tip = await latestHeight(url);
    for (let h = seen + 1; h <= tip; h++) {
      // The block store's height runs ahead of the results of its newest block: read that one next time.
      const r = await rpc(url, "block_results", { height: String(h) }).catch(() => undefined);
      if (!r) break;
      seen = h;
      const user = ((r.txs_results ?? []) as { code: number }[]).slice(1);
      done += user.length;
      failed += user.filter((t) => t.code !== 0).length;
      if (user.length) blocks++;
    }
    if (done >= total) return { at: performance.now(), failed, blocks };
    if (stopped()) return { at: Number.NaN, failed, blocks };
    if (performance.now() > deadline) throw new Error(`only ${done} of ${total} txs were committed within 300 s`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

export async function cometRun(
  ctx: BenchContext,
  o: { validators: number; chainId: string; blockTimeMs: number; work: CometWorkload; addAccounts: (genesisPath: string) => void },
): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), `nesa-bench-comet${o.validators}-`));
  const net = await CometNet.start({ dir, validators: o.validators, chainId: o.chainId, accounts: 0, timeoutCommit: `${o.blockTimeMs}ms`, adjustGenesis: o.addAccounts });
  const url = net.rpcUrl(0);
  const load = await prepareLoad(url, o.work.lanes);
  try {
    const total = o.work.txs.length;
    const from = await latestHeight(url);
    const started = performance.now();
    const run = load.start();
    let stop = false;
    const committing = waitForCommits(url, from, total, () => stop);
    const { results, elapsedMs } = await run.done;
    const rejected = results.flatMap((r) => r.rejected);
    if (rejected.length) {
      stop = true;
      throw new Error(`${rejected.length} txs rejected at broadcast, first: ${rejected[0].reply}`);
    }
    const commits = await committing;
    if (commits.failed) throw new Error(`${commits.failed} of ${total} txs failed in their block`);
    const seconds = (commits.at - started) / 1000;
    const latency = await txLatency(url, o.work.latency);
    const queryMs = await abciQueryMs(url, o.work.queryAddress);
    ctx.log(
      `cometbft × ${o.validators}: admitted ${(total / (elapsedMs / 1000)).toFixed(0)} tx/s, committed ${(total / seconds).toFixed(0)} tx/s ` +
        `(${total} txs in ${seconds.toFixed(2)} s, ${commits.blocks} blocks); tx latency ${latency.ms.toFixed(0)} ms = ${latency.blocks} block(s) ` +
        `(blocks every ${latency.blockIntervalMs.toFixed(0)} ms idle); abci_query ${queryMs.toFixed(1)} ms`,
    );
    return { committed: total / seconds, latency, queryMs };
  } finally {
    await load.terminate();
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
