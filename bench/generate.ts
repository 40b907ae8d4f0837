// `pnpm bench generate`: private text generation through the network — a localnet (200 ms blocks, 4 miners) serving
// tiny-lm in 2 EE shards — driven through the SDK's `NesaClient.generate`, next to local decoding of the same
// model in the same run (unsplit model.onnx, and the same 2 shards chained in one process). Reports per R (1 and 2):
// tokens/s as the client sees them streamed, the time from pay to the first token, and the per-hop cost (what a
// token costs through the network beyond the two shards' compute, over the 2 hand-offs it makes: shard 0 → 1 and
// the token back to shard 0). Every generation's verified text must equal local greedy decoding, or the run fails.
// The stop id is kept secret so every generation makes exactly max_new_tokens (tiny-lm rarely ends a text anyway).
// Env: BENCH_GENERATE_RUNS (default 10 per R), BENCH_GENERATE_TOKENS (default 64).
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openGenerationClient } from "../packages/client/src/cli/generation-client";
import { DecoderPipeline, argmax, BpeTokenizer, greedyGenerate, lmFiles, readDecoderConfig, TINY_LM_DIR } from "../packages/models/src/lm/index";
import { startLocalnet } from "../test/e2e/helpers/localnet-fixture";
import { type BenchContext, type BenchResult, goal } from "./lib/report";
import { median } from "./lib/stats";

const BLOCK_MS = 200;
const RUNS = Number(process.env.BENCH_GENERATE_RUNS ?? 10);
const TOKENS = Number(process.env.BENCH_GENERATE_TOKENS ?? 64);
const PROMPT = "Captain Ahab stood upon the deck";
/** Hand-offs per generated token with S = 2: the hidden state to shard 1, the token back to shard 0. */
const HOPS_PER_TOKEN = 2;

/** Milliseconds per cached decoding step and for the prompt pass, medians over `runs`. */
async function localDecode(paths: string[], prompt: number[], runs: number): Promise<{ perTokenMs: number; promptMs: number }> {
  const config = readDecoderConfig(lmFiles(TINY_LM_DIR).config);
  const lm = await DecoderPipeline.open(paths, config, { threads: 1 });
  const per: number[] = [];
  const first: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const t0 = performance.now();
    let token = argmax(await lm.prefill(prompt));
    const t1 = performance.now();
    for (let i = 1; i < TOKENS; i++) token = argmax(await lm.step(token));
    const t2 = performance.now();
    if (r >= 2) {
      first.push(t1 - t0);
      per.push((t2 - t1) / (TOKENS - 1));
    }
  }
  return { perTokenMs: median(per), promptMs: median(first) };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const files = lmFiles(TINY_LM_DIR);
  const tokenizer = BpeTokenizer.fromFile(files.tokenizer);
  const config = readDecoderConfig(files.config);
  const prompt = [tokenizer.specialId("<|endoftext|>"), ...tokenizer.encode(PROMPT)];
  const expected = await greedyGenerate(await DecoderPipeline.open([files.model], config, { threads: 1 }), prompt, TOKENS);
  ctx.log(`starting a localnet (4 miners, ${BLOCK_MS} ms blocks)`);
  const net = await startLocalnet({ miners: 4, blockTimeMs: BLOCK_MS, tag: "bench-generate" });
  const { client, close } = await openGenerationClient({ home: net.home, model: "tiny-lm", from: "user1" });
  try {
    const shardDir = join(net.home, "models", "tiny-lm");
    const local = await localDecode([files.model], prompt, RUNS);
    const local2 = await localDecode([join(shardDir, "tiny-lm.shard0.onnx"), join(shardDir, "tiny-lm.shard1.onnx")], prompt, RUNS);
    const figures: Record<string, number> = {
      local_tokens_per_s: 1000 / local.perTokenMs,
      local_2shards_tokens_per_s: 1000 / local2.perTokenMs,
      local_prompt_ms: local2.promptMs,
    };
    for (const replicas of [1, 2]) {
      const perToken: number[] = [];
      const payToFirst: number[] = [];
      const total: number[] = [];
      await client.generate({ model: "tiny-lm", prompt: PROMPT, maxTokens: 8, replicas, discloseStop: false }); // warm-up: sessions, caches
      for (let r = 0; r < RUNS; r++) {
        await new Promise((res) => setTimeout(res, Math.random() * BLOCK_MS));
        const g = await client.generate({ model: "tiny-lm", prompt: PROMPT, maxTokens: TOKENS, replicas, discloseStop: false });
        if (g.tokens.length !== expected.length || g.tokens.some((t, i) => t !== expected[i])) {
          throw new Error(`query ${g.queryId} (R=${replicas}) generated other tokens than local greedy decoding`);
        }
        if (g.timings.firstToken === undefined || g.timings.perToken === undefined) throw new Error(`query ${g.queryId}: no tokens were streamed`);
        perToken.push(g.timings.perToken);
        payToFirst.push(g.timings.firstToken - g.timings.encrypt);
        total.push(g.timings.total);
        ctx.log(`R=${replicas} run ${r + 1}/${RUNS}: first token ${g.timings.firstToken} ms, ${g.timings.perToken.toFixed(2)} ms/token, verified in ${g.timings.total} ms`);
      }
      const ms = median(perToken);
      figures[`r${replicas}_tokens_per_s`] = 1000 / ms;
      figures[`r${replicas}_over_local_tokens_per_s`] = local.perTokenMs / ms;
      figures[`r${replicas}_pay_to_first_token_ms`] = median(payToFirst);
      figures[`r${replicas}_total_ms`] = median(total);
      figures[`r${replicas}_per_hop_overhead_ms`] = (ms - local2.perTokenMs) / HOPS_PER_TOKEN;
    }
    figures.first_token_budget_ms = 2 * BLOCK_MS + local2.promptMs;
    figures.new_tokens = TOKENS;
    figures.runs_per_r = RUNS;
    figures.load_average_1m = loadavg()[0];
    return {
      name: "generate",
      figures,
      goals: [
        goal(figures, "r1_per_hop_overhead_ms", "<=", 1),
        goal(figures, "r1_over_local_tokens_per_s", ">=", 0.5),
        goal(figures, "r1_pay_to_first_token_ms", "<=", figures.first_token_budget_ms),
      ],
    };
  } finally {
    await close();
    await net.stop();
  }
}
