// `pnpm bench sim [--blocks 10000] [--miners 50] [--seed S] [--replay worker|after]`: the randomized
// simulation at scale (nesad simulate's engine, packages/chain/src/sim): every module's msgs from users,
// byzantine, lazy and offline miners and voters, every invariant after every block, then a replay of the
// recorded blocks on a fresh chain to the same app hash (in a worker thread as the run goes, or after it).
// Baseline in the same run: blocks/s of empty blocks (the per-block floor: beacon VRF, EndBlock, commit).
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { SimReplayer, type SimTiming, simulate } from "../packages/chain/src/sim/simulate";
import { SimChain } from "../packages/chain/src/sim/sim-chain";
import { ACCOUNT_BALANCE, SIM_CHAIN_ID, buildWorld, simAppState } from "../packages/chain/src/sim/sim-world";
import { type BenchContext, type BenchResult, goal } from "./lib/report";

interface Options {
  blocks: number;
  miners: number;
  seed: string;
  replay: "worker" | "after";
}

function parseArgs(args: string[]): Options {
  const o: Options = { blocks: 10_000, miners: 50, seed: "bench-sim-1", replay: "worker" };
  for (let i = 0; i < args.length; i++) {
    const [k, v] = [args[i], args[i + 1]];
    if (k === "--blocks" || k === "--miners") {
      if (!/^[1-9]\d*$/.test(v ?? "")) throw new Error(`${k} needs a positive integer, got ${v}`);
      o[k === "--blocks" ? "blocks" : "miners"] = Number(v);
    } else if (k === "--seed" && v) o.seed = v;
    else if (k === "--replay" && (v === "worker" || v === "after")) o.replay = v;
    else throw new Error(`unknown option ${k} (usage: pnpm bench sim [--blocks N] [--miners M] [--seed S] [--replay worker|after])`);
    i++;
  }
  return o;
}

/** The replay worker (tsx registered inside it, as lib/load-in-worker.ts does). */
async function startReplayWorker(seed: string, miners: number) {
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./lib/sim-replay-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { seed, miners } });
  let failure: string | undefined;
  const finished = new Promise<{ height: number; hash: string; ms: number }>((resolve, reject) => {
    worker.on("message", (m: "ready" | { ok: boolean; height: number; hash?: string; ms?: number; error?: string }) => {
      if (m === "ready") return;
      if (m.ok) resolve({ height: m.height, hash: m.hash ?? "", ms: m.ms ?? 0 });
      else {
        failure = m.error;
        reject(new Error(`replay failed: ${m.error}`));
      }
    });
    worker.once("error", reject);
  });
  finished.catch(() => undefined); // read by the caller; a failure also surfaces through `failed()`
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  return {
    send: (txs: Uint8Array[], hash: string) => worker.postMessage({ txs, hash }),
    failed: () => failure,
    async end() {
      worker.postMessage("end");
      try {
        return await finished;
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** Empty blocks on the same genesis: the floor every block pays whatever its txs. */
function emptyBlocksPerS(seed: string, miners: number, n: number): number {
  const world = buildWorld(seed, miners);
  const chain = new SimChain({ chainId: SIM_CHAIN_ID, validatorSecret: world.validatorSecret, accounts: world.all, balance: ACCOUNT_BALANCE, appState: simAppState() });
  chain.produce([]);
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    chain.produce([]);
    chain.invariants();
  }
  return n / ((performance.now() - t) / 1000);
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const o = parseArgs(ctx.args);
  const load0 = loadavg()[0];
  ctx.log(`seed ${o.seed}, ${o.blocks} blocks × ${o.miners} miners, replay ${o.replay}; load average ${load0.toFixed(2)}`);
  const baseline = emptyBlocksPerS(o.seed, o.miners, Math.min(300, o.blocks));
  ctx.log(`baseline: ${baseline.toFixed(1)} empty blocks/s (+ invariants)`);
  const worker = o.replay === "worker" ? await startReplayWorker(o.seed, o.miners) : undefined;
  const timing: SimTiming = { planMs: 0, signMs: 0, executeMs: 0, observeMs: 0, invariantsMs: 0 };
  const started = performance.now();
  const every = Math.max(100, Math.round(o.blocks / 20));
  const s = simulate({
    blocks: o.blocks,
    seed: o.seed,
    miners: o.miners,
    timing,
    record: o.replay === "after",
    onCommitted: worker ? (txs, hash) => worker.send(txs, hash) : undefined,
    onBlock: (h, sum) => {
      if (worker?.failed()) throw new Error(`replay failed: ${worker.failed()}`);
      if (h % BigInt(every) === 0n) {
        const sec = (performance.now() - started) / 1000;
        ctx.log(`block ${h}: ${sum.txs} txs, ${sum.finalized} finalized, ${sum.failed} failed, ${sum.proposalsPassed}/${sum.proposals} proposals passed, ${(Number(h) / sec).toFixed(1)} blocks/s, load ${loadavg()[0].toFixed(1)}`);
      }
    },
  });
  const simSeconds = (performance.now() - started) / 1000;
  let replayHash: string;
  let replayBlocks: number;
  const r0 = performance.now();
  if (worker) {
    const r = await worker.end();
    [replayHash, replayBlocks] = [r.hash, r.height];
  } else {
    const rec = s.record;
    if (!rec) throw new Error("no record to replay");
    const replayer = new SimReplayer(rec.seed, rec.miners);
    replayHash = "";
    rec.txs.forEach((txs, i) => {
      replayHash = replayer.apply(txs, rec.appHashes[i]);
    });
    replayBlocks = replayer.height;
  }
  const replayWaitSeconds = (performance.now() - r0) / 1000;
  const totalSeconds = (performance.now() - started) / 1000;
  const matches = replayHash === s.appHash && replayBlocks === s.blocks ? 1 : 0;
  const ms = (x: number) => Math.round(x / s.blocks * 100) / 100;
  ctx.log(`time per block: plan ${ms(timing.planMs)} ms, sign ${ms(timing.signMs)} ms, execute ${ms(timing.executeMs)} ms, observe ${ms(timing.observeMs)} ms, invariants ${ms(timing.invariantsMs)} ms`);
  ctx.log(`rejections by codespace/code: ${JSON.stringify(s.rejections)}`);
  process.stdout.write(`app hash ${s.appHash} (replay ${replayHash}: ${matches ? "same" : "DIFFERENT"})\n`);
  const figures: Record<string, number> = {
    blocks: s.blocks,
    miners: o.miners,
    blocks_per_s: s.blocks / simSeconds,
    baseline_empty_blocks_per_s: baseline,
    ratio_to_empty_blocks: s.blocks / simSeconds / baseline,
    sim_s: simSeconds,
    replay_extra_wait_s: replayWaitSeconds,
    total_min: totalSeconds / 60,
    txs: s.txs,
    msgs: s.msgs,
    txs_rejected: s.failedTxs,
    distinct_rejection_codes: Object.keys(s.rejections).length,
    queries_paid: s.queriesPaid,
    queries_finalized: s.finalized,
    queries_failed: s.failed,
    generations_finalized: s.generationsFinalized,
    tokens_paid: s.tokensGenerated,
    seats_honest: s.seats.honest,
    seats_lied: s.seats.liar,
    seats_silent: s.seats.silent,
    seats_no_reveal: s.seats.noReveal,
    seats_offline: s.seats.offline,
    seats_late: s.seats.late,
    byzantine_upstream_excused: s.byzantineUpstream,
    miners_byzantine: s.minerProfiles.byzantine,
    miners_lazy: s.minerProfiles.lazy,
    miners_offline: s.minerProfiles.offline,
    slashes: s.slashes,
    jailings: s.jailings,
    unbonds_completed: s.unbondsCompleted,
    reputation_moves: s.reputationUpdates,
    proposals_voted: s.proposals,
    proposals_passed: s.proposalsPassed,
    proposals_rejected: s.proposalsRejected,
    proposals_vetoed: s.proposalsVetoed,
    proposals_no_quorum: s.proposalsNoQuorum,
    proposals_failed: s.proposalsFailed,
    community_pool_spends: s.communityPoolSpends,
    invariant_checks: s.invariantChecks,
    invariant_failures: 0, // simulate() throws at the first broken invariant
    replay_same_hash: matches,
    ms_per_block_sign: ms(timing.signMs),
    ms_per_block_execute: ms(timing.executeMs),
    ms_per_block_invariants: ms(timing.invariantsMs),
    ms_per_block_plan_observe: ms(timing.planMs + timing.observeMs),
    load_avg_start: load0,
    load_avg_end: loadavg()[0],
  };
  return {
    name: "sim",
    figures,
    goals: [
      goal(figures, "blocks", ">=", 10_000),
      goal(figures, "miners", ">=", 50),
      goal(figures, "invariant_failures", "<=", 0),
      goal(figures, "replay_same_hash", ">=", 1),
      goal(figures, "proposals_passed", ">=", 1),
      goal(figures, "total_min", "<=", 15),
    ],
  };
}
