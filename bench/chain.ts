// `pnpm bench chain [--engine cometbft [--validators 1,4]]`: signed MsgSend txs per second admitted
// (broadcast_tx_sync over HTTP) and committed, next to raw signature verifications per second with the
// chain's own verify, same run; then one tx's latency (ms and blocks) and one abci_query's (ms) on the idle
// chain. With --engine cometbft the same txs also run on 1 and 4 CometBFT validators (lib/comet-chain.ts),
// next to the simulator in the same run. Signing happens before the timed part; every run starts a fresh
// chain from the same genesis, so the same pre-signed txs are valid in each run.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { join } from "node:path";
import { createNode, initHome } from "@nesa/chain";
import { pino } from "pino";
import { verifySecp256k1 } from "../packages/chain/src/app/sig-verify";
import { startRpcServer } from "../packages/chain/src/rpc";
import { type SignedTx, signMsgSend } from "./lib/cosmos-tx";
import { abciQueryMs, txLatency } from "./lib/chain-latency";
import { type EngineFigures, cometRun } from "./lib/comet-chain";
import { addGenesisAccounts, benchKeys } from "./lib/genesis-accounts";
import { batchBodies, broadcastBody } from "./lib/http-load";
import { prepareLoad } from "./lib/load-in-worker";
import { type BenchContext, type BenchResult, goal } from "./lib/report";
import { median } from "./lib/stats";

const CHAIN_ID = "nesa-bench-1";
const env = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
};

/**
 * CPU time (ms) the process's main thread (RPC + node; the load generator and the signature
 * verifiers are other threads) has used, from Linux's /proc; undefined elsewhere. Unlike wall time
 * it barely moves with the shared machine's load, so it shows what a change saved.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "latin1");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms (USER_HZ 100).
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Workload {
  txs: SignedTx[];
  /** Per lane, the JSON-RPC bodies in send order (each account's sequences in order). */
  lanes: string[][];
  /** One tx each from the first accounts, at the sequence after the load: the latency probes. */
  latency: SignedTx[];
  /** An account the abci_query probe reads the balance of. */
  queryAddress: string;
  /** Adds the benchmark accounts to a fresh home's genesis (the CometBFT runs' homes). */
  addAccounts: (genesisPath: string) => void;
}

const LATENCY_TXS = 20;
const BENCH_COINS = { denom: "unes", amount: "1000000000000" };

async function buildWorkload(
  ctx: BenchContext,
  template: string,
  accounts: number,
  perAccount: number,
  laneCount: number,
  batch: number,
): Promise<Workload> {
  await initHome({ home: template, chainId: CHAIN_ID, accounts: 0 });
  const keys = benchKeys("nesa-bench", accounts);
  const numbers = addGenesisAccounts(template, keys, BENCH_COINS);
  const started = performance.now();
  const send = (i: number, seq: number) =>
    signMsgSend(keys[i], {
      chainId: CHAIN_ID,
      accountNumber: numbers.get(keys[i].address)!,
      sequence: BigInt(seq),
      to: keys[(i + 1) % keys.length].address,
      amount: "1",
      denom: "unes",
      feeAmount: "5000",
      gasLimit: 200_000n,
    });
  const txs: SignedTx[] = [];
  const lanes: string[][] = Array.from({ length: laneCount }, () => []);
  for (let seq = 0; seq < perAccount; seq++) {
    keys.forEach((_, i) => {
      const tx = send(i, seq);
      txs.push(tx);
      lanes[i % laneCount].push(broadcastBody("broadcast_tx_sync", txs.length, tx.txBytes));
    });
  }
  const batched = lanes.map((lane) => batchBodies(lane, batch));
  ctx.log(`signed ${txs.length} txs from ${keys.length} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const latency = Array.from({ length: Math.min(LATENCY_TXS, keys.length) }, (_, i) => send(i, perAccount));
  const addAccounts = (genesisPath: string) => {
    const fresh = addGenesisAccounts(join(genesisPath, "..", ".."), keys, BENCH_COINS);
    // The txs are signed with the template's account numbers: the other home must give the same ones.
    for (const [a, n] of fresh) if (numbers.get(a) !== n) throw new Error(`account ${a} got number ${n} in the CometBFT genesis, ${numbers.get(a)} in the template`);
  };
  return { txs, lanes: batched, latency, queryAddress: keys[0].address, addAccounts };
}

/** The baseline: the chain's own signature check over the same signatures, in a tight loop. */
function verificationsPerSecond(txs: SignedTx[]): number {
  const started = performance.now();
  for (const tx of txs) {
    if (!verifySecp256k1(tx.pubkey, tx.signBytes, tx.signature)) throw new Error("a benchmark signature did not verify");
  }
  return txs.length / ((performance.now() - started) / 1000);
}

interface RunFigures {
  admitted: number;
  committed: number;
  verify: number;
  blocks: number;
  /** Main-thread CPU ms per committed tx in the HTTP phase (undefined off Linux). */
  mainCpuPerTx?: number;
  directCheck: number;
  blockExec: number;
  latencyMs: number;
  latencyBlocks: number;
  queryMs: number;
}

/**
 * The same txs without HTTP, on a fresh node with manual blocks: CheckTx alone, then block
 * execution + commit alone. Splits the end-to-end figure into its two halves.
 */
async function directPhase(template: string, work: Workload): Promise<{ directCheck: number; blockExec: number }> {
  const home = mkdtempSync(join(tmpdir(), "nesa-bench-direct-"));
  cpSync(join(template, "config"), join(home, "config"), { recursive: true });
  const node = await createNode({ home, manualBlocks: true, logger: pino({ level: "warn" }) });
  try {
    let started = performance.now();
    // 100 in flight, as many concurrent clients would be: lets the node overlap signature checks.
    for (let i = 0; i < work.txs.length; i += 100) {
      const replies = await Promise.all(work.txs.slice(i, i + 100).map((tx) => node.checkTx(tx.txBytes)));
      const bad = replies.find((r) => r.code !== 0);
      if (bad) throw new Error(`direct CheckTx rejected a tx: ${bad.log}`);
    }
    const directCheck = work.txs.length / ((performance.now() - started) / 1000);
    started = performance.now();
    let included = 0;
    while (node.mempoolSize() > 0) included += (await node.produceBlock()).txs.length;
    if (included !== work.txs.length) throw new Error(`blocks included ${included} of ${work.txs.length} txs`);
    return { directCheck, blockExec: included / ((performance.now() - started) / 1000) };
  } finally {
    await node.close();
    rmSync(home, { recursive: true, force: true });
  }
}

async function runOnce(ctx: BenchContext, template: string, work: Workload, blockTimeMs: number, run: number): Promise<RunFigures> {
  const home = mkdtempSync(join(tmpdir(), "nesa-bench-run-"));
  cpSync(join(template, "config"), join(home, "config"), { recursive: true });
  const node = await createNode({ home, blockTimeMs, logger: pino({ level: "warn" }) });
  const rpc = await startRpcServer(node, { port: 0, logger: pino({ level: "warn" }) });
  const load = await prepareLoad(rpc.url, work.lanes);
  try {
    const total = work.txs.length;
    let committed = 0;
    let failed = 0;
    let blocks = 0;
    const allIn = new Promise<number>((resolve) => {
      node.on("block", (b) => {
        if (b.txs.length) blocks++;
      });
      node.on("tx", (tx) => {
        if (tx.result.code === 0) committed++;
        else if (failed++ === 0) ctx.log(`tx failed in block: code ${tx.result.code} ${tx.result.log}`);
        if (committed + failed === total) resolve(performance.now());
      });
    });
    const cpuBefore = mainThreadCpuMs();
    const started = performance.now();
    const { results, elapsedMs } = await load.start().done;
    const rejected = results.flatMap((r) => r.rejected);
    if (rejected.length) throw new Error(`${rejected.length} txs rejected at broadcast, first: ${rejected[0].reply}`);
    const finished = await allIn;
    const cpuAfter = mainThreadCpuMs();
    if (failed) throw new Error(`${failed} of ${total} txs failed in their block`);
    const seconds = (finished - started) / 1000;
    const latency = await txLatency(rpc.url, work.latency);
    const queryMs = await abciQueryMs(rpc.url, work.queryAddress);
    const figures = {
      admitted: total / (elapsedMs / 1000),
      committed: total / seconds,
      verify: verificationsPerSecond(work.txs),
      blocks,
      mainCpuPerTx: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / total : undefined,
      latencyMs: latency.ms,
      latencyBlocks: latency.blocks,
      queryMs,
      ...(await directPhase(template, work)),
    };
    ctx.log(
      `run ${run + 1}: admitted ${figures.admitted.toFixed(0)} tx/s, committed ${figures.committed.toFixed(0)} tx/s ` +
        `(${total} txs in ${seconds.toFixed(2)} s, ${blocks} blocks, main thread ${figures.mainCpuPerTx?.toFixed(3) ?? "?"} ms CPU/tx), verify ${figures.verify.toFixed(0)}/s, ` +
        `direct CheckTx ${figures.directCheck.toFixed(0)} tx/s, block execution ${figures.blockExec.toFixed(0)} tx/s; ` +
        `tx latency ${latency.ms.toFixed(0)} ms = ${latency.blocks} block(s), abci_query ${queryMs.toFixed(1)} ms`,
    );
    return figures;
  } finally {
    await load.terminate();
    await rpc.close();
    await node.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** `--engine simulator|cometbft` and `--validators 1,4` (CometBFT only). */
function engineOptions(args: string[]): { validators: number[] } {
  const { values } = parseArgs({ args, options: { engine: { type: "string", default: "simulator" }, validators: { type: "string" } } });
  if (values.engine !== "simulator" && values.engine !== "cometbft") throw new Error(`--engine must be simulator or cometbft, got "${values.engine}"`);
  if (values.engine === "simulator") {
    if (values.validators !== undefined) throw new Error("--validators is for --engine cometbft");
    return { validators: [] };
  }
  const list = values.validators ?? "1,4";
  if (!/^\d+(,\d+)*$/.test(list) || list.split(",").some((n) => Number(n) < 1)) throw new Error(`--validators must list counts ≥ 1 separated by commas, got "${list}"`);
  return { validators: list.split(",").map(Number) };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const { validators } = engineOptions(ctx.args);
  const runs = env("BENCH_RUNS", 3);
  const accounts = env("CHAIN_BENCH_ACCOUNTS", 200);
  const perAccount = env("CHAIN_BENCH_TXS_PER_ACCOUNT", 30);
  const lanes = env("CHAIN_BENCH_LANES", 4);
  const blockTimeMs = env("CHAIN_BENCH_BLOCK_MS", 100);
  // 1 = one broadcast_tx_sync per HTTP request; >1 = JSON-RPC batches (cosmjs HttpBatchClient).
  const batch = env("CHAIN_BENCH_BATCH", 1);
  const template = mkdtempSync(join(tmpdir(), "nesa-bench-home-"));
  try {
    const work = await buildWorkload(ctx, template, accounts, perAccount, lanes, batch);
    const results: RunFigures[] = [];
    for (let i = 0; i < runs; i++) results.push(await runOnce(ctx, template, work, blockTimeMs, i));
    // One run per validator count: each starts 2N processes and is slower than the simulator's runs.
    const comet: [number, EngineFigures][] = [];
    for (const n of validators) comet.push([n, await cometRun(ctx, { validators: n, chainId: CHAIN_ID, blockTimeMs, work, addAccounts: work.addAccounts })]);
    const committed = median(results.map((r) => r.committed));
    const verify = median(results.map((r) => r.verify));
    const figures = {
      txs_per_run: work.txs.length,
      runs,
      http_lanes: lanes,
      txs_per_http_request: batch,
      block_time_ms: blockTimeMs,
      admitted_tx_per_s: median(results.map((r) => r.admitted)),
      committed_tx_per_s: committed,
      baseline_sig_verify_per_s: verify,
      committed_over_verify: median(results.map((r) => r.committed / r.verify)),
      // CPU the node's thread spent per committed tx in the HTTP phase: steadier than wall time under load.
      ...(results.every((r) => r.mainCpuPerTx !== undefined)
        ? { main_thread_cpu_ms_per_tx: median(results.map((r) => r.mainCpuPerTx!)) }
        : {}),
      // The two halves without HTTP, same txs: where the end-to-end time goes.
      direct_checktx_per_s: median(results.map((r) => r.directCheck)),
      block_execution_tx_per_s: median(results.map((r) => r.blockExec)),
      // One tx at a time on the idle chain: broadcast → found committed by `tx`; and one abci_query.
      tx_latency_ms: median(results.map((r) => r.latencyMs)),
      tx_latency_blocks: median(results.map((r) => r.latencyBlocks)),
      abci_query_ms: median(results.map((r) => r.queryMs)),
      // The same txs behind CometBFT (timeout_commit = the block time above), one run each.
      ...Object.fromEntries(
        comet.flatMap(([n, f]) => [
          [`cometbft${n}_committed_tx_per_s`, f.committed],
          [`cometbft${n}_tx_latency_ms`, f.latency.ms],
          [`cometbft${n}_tx_latency_blocks`, f.latency.blocks],
          [`cometbft${n}_block_interval_ms`, f.latency.blockIntervalMs],
          [`cometbft${n}_abci_query_ms`, f.queryMs],
        ]),
      ),
    };
    return {
      name: "chain",
      figures,
      goals: [goal(figures, "committed_tx_per_s", ">=", 2000), goal(figures, "committed_over_verify", ">=", 0.5)],
    };
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
}
