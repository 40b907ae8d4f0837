// `pnpm bench fuzz [--tx N] [--rpc N] [--seed S]`: 100,000 hostile inputs (default 70,000 mutated signed
// txs of every Msg type through twin chains, 30,000 HTTP/WebSocket inputs against a real node's RPC;
// packages/chain/src/sim/fuzz). Goals: no crash, no hang, no state change from a refused input (app
// hashes compared after every batch), every refusal a registered error, RSS bounded after warm-up.
import { loadavg } from "node:os";
import { RpcFuzzer } from "../packages/chain/src/sim/fuzz/rpc-fuzzer";
import { TxFuzzer } from "../packages/chain/src/sim/fuzz/tx-fuzzer";
import { type BenchContext, type BenchResult, goal } from "./lib/report";

const BATCH = 200;

function parseArgs(args: string[]): { tx: number; rpc: number; seed: string } {
  const o = { tx: 70_000, rpc: 30_000, seed: "bench-fuzz-1" };
  for (let i = 0; i < args.length; i += 2) {
    const [k, v] = [args[i], args[i + 1]];
    if ((k === "--tx" || k === "--rpc") && /^\d+$/.test(v ?? "")) o[k === "--tx" ? "tx" : "rpc"] = Number(v);
    else if (k === "--seed" && v) o.seed = v;
    else throw new Error(`unknown option ${k} (usage: pnpm bench fuzz [--tx N] [--rpc N] [--seed S])`);
  }
  return o;
}

const mb = () => process.memoryUsage().rss / 2 ** 20;

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const o = parseArgs(ctx.args);
  const load0 = loadavg()[0];
  ctx.log(`seed ${o.seed}: ${o.tx} tx inputs, ${o.rpc} RPC inputs, batches of ${BATCH}; load average ${load0.toFixed(2)}`);
  // An exception that escapes a request handler would end a real node: count it, keep going.
  const escaped: string[] = [];
  const onEscape = (e: unknown) => escaped.push(String((e as Error)?.stack ?? e).slice(0, 300));
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
  // RSS per phase (the RPC phase adds a node and its LevelDB): flat after the first 10 % of each.
  const rss: number[] = [];
  const rssRpc: number[] = [];
  const started = performance.now();

  const tx = new TxFuzzer(o.seed);
  const txBatches = Math.ceil(o.tx / BATCH);
  for (let i = 0; i < txBatches; i++) {
    tx.batch(Math.min(BATCH, o.tx - i * BATCH));
    rss.push(mb());
    if ((i + 1) % 50 === 0) ctx.log(`tx ${tx.stats.inputs}: ${Object.keys(tx.stats.rejections).length} distinct refusals, panics ${tx.stats.panics.length}, state changes ${tx.stats.stateChanges.length}, RSS ${mb().toFixed(0)} MB`);
  }
  const txSeconds = (performance.now() - started) / 1000;

  const r0 = performance.now();
  const rpc = await RpcFuzzer.start(o.seed);
  try {
    const rpcBatches = Math.ceil(o.rpc / BATCH);
    for (let i = 0; i < rpcBatches; i++) {
      await rpc.batch(Math.min(BATCH, o.rpc - i * BATCH));
      rssRpc.push(mb());
      if ((i + 1) % 25 === 0) ctx.log(`rpc ${rpc.stats.inputs}: crashes ${rpc.stats.crashes.length}, hangs ${rpc.stats.hangs.length}, RSS ${mb().toFixed(0)} MB`);
    }
  } finally {
    await rpc.close();
    process.off("uncaughtException", onEscape);
    process.off("unhandledRejection", onEscape);
  }
  const rpcSeconds = (performance.now() - r0) / 1000;

  const t = tx.stats;
  const r = rpc.stats;
  const findings = { panics: t.panics, unregistered: [...t.unregistered, ...r.unregistered], stateChanges: [...t.stateChanges, ...r.stateChanges], crashes: [...r.crashes, ...escaped], hangs: r.hangs, invariants: t.invariantFailures };
  for (const [k, list] of Object.entries(findings)) for (const line of list) ctx.log(`FINDING ${k}: ${line}`);
  ctx.log(`tx refusals by codespace/code: ${JSON.stringify(t.rejections)}`);
  ctx.log(`tx mutants by kind: ${JSON.stringify(t.byKind)}`);
  ctx.log(`RPC inputs by kind: ${JSON.stringify(r.byKind)}; answers: ${JSON.stringify(r.answers)}`);
  const growth = (xs: number[]) => (xs.length === 0 ? 1 : xs[xs.length - 1] / xs[Math.floor(xs.length / 10)]);
  const all = [...rss, ...rssRpc];
  const figures: Record<string, number> = {
    inputs: t.inputs + r.inputs,
    tx_inputs: t.inputs,
    rpc_inputs: r.inputs,
    tx_inputs_per_s: t.inputs / txSeconds,
    rpc_inputs_per_s: r.inputs / rpcSeconds,
    msg_types_fuzzed: Object.keys(t.byTypeUrl).length,
    msg_types_registered: tx.typeUrls().length,
    tx_refused: Object.values(t.byKind).reduce((n, k) => n + k.rejected, 0),
    tx_accepted_then_executed: Object.values(t.byKind).reduce((n, k) => n + k.executed, 0),
    distinct_refusal_codes: Object.keys(t.rejections).length,
    refused_rpc_txs_forced_into_blocks: r.refusedTxsForced,
    twin_blocks: t.blocks,
    crashes: findings.crashes.length,
    panics_sdk35: findings.panics.length,
    hangs: findings.hangs.length,
    state_changes_from_refused: findings.stateChanges.length,
    unregistered_refusals: findings.unregistered.length,
    invariant_failures: findings.invariants.length,
    rss_max_mb: Math.max(...all),
    rss_end_mb: all[all.length - 1],
    rss_growth_tx_phase: growth(rss),
    rss_growth_rpc_phase: growth(rssRpc),
    rss_growth_after_warmup: Math.max(growth(rss), growth(rssRpc)),
    total_min: (performance.now() - started) / 60_000,
    load_avg_start: load0,
    load_avg_end: loadavg()[0],
  };
  return {
    name: "fuzz",
    figures,
    goals: [
      goal(figures, "inputs", ">=", 100_000),
      goal(figures, "crashes", "<=", 0),
      goal(figures, "panics_sdk35", "<=", 0),
      goal(figures, "hangs", "<=", 0),
      goal(figures, "state_changes_from_refused", "<=", 0),
      goal(figures, "unregistered_refusals", "<=", 0),
      goal(figures, "invariant_failures", "<=", 0),
      goal(figures, "rss_growth_after_warmup", "<=", 1.5),
    ],
  };
}
