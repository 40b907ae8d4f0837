// `pnpm bench lm`: greedy decoding of tiny-lm with its KV cache in one process — plain (unsplit model.onnx) vs EE
// (unsplit, encrypted) vs 2 chained shards — and the time to first token (the prompt pass). The three variants are
// interleaved run by run, in a rotating order, so drift on the shared machine hits them alike; figures are medians.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DecoderPipeline, argmax } from "../packages/models/src/lm/decoder-runner";
import { type LmEEKey, LmCipher } from "../packages/models/src/lm/lm-key";
import { prepareLm } from "../packages/models/src/lm/prepare-lm";
import { type LmReference, TINY_LM_DIR, lmFiles } from "../packages/models/src/lm/tiny-lm";
import { readDecoderConfig } from "../packages/models/src/lm/decoder-config";
import { type BenchContext, type BenchResult, goal } from "./lib/report";
import { median } from "./lib/stats";

const RUNS = Number(process.env.LM_BENCH_RUNS ?? 40);
const NEW_TOKENS = 100;

interface Timing {
  firstTokenMs: number;
  tokensPerSecond: number;
}

/** Prompt pass (time to first token), then NEW_TOKENS − 1 cached steps; eos is ignored so every run is as long. */
async function decode(lm: DecoderPipeline, prompt: number[]): Promise<Timing> {
  const t0 = performance.now();
  let token = argmax(await lm.prefill(prompt));
  const t1 = performance.now();
  for (let i = 1; i < NEW_TOKENS; i++) token = argmax(await lm.step(token));
  const t2 = performance.now();
  return { firstTokenMs: t1 - t0, tokensPerSecond: (NEW_TOKENS - 1) / ((t2 - t1) / 1000) };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const files = lmFiles(TINY_LM_DIR);
  const config = readDecoderConfig(files.config);
  const reference = JSON.parse(readFileSync(files.reference, "utf8")) as LmReference;
  const prompt = reference.generations[2].input_ids;
  const dir = mkdtempSync(join(tmpdir(), "bench-lm-"));
  try {
    const ee = prepareLm({ modelDir: TINY_LM_DIR, modelId: "tiny-lm", shards: 1, out: join(dir, "ee"), keyOut: join(dir, "ee", "key.json") });
    const split = prepareLm({ modelDir: TINY_LM_DIR, modelId: "tiny-lm", shards: 2, out: join(dir, "split") });
    const cipher = new LmCipher(JSON.parse(readFileSync(join(dir, "ee", "key.json"), "utf8")) as LmEEKey);
    const options = { threads: 1 };
    const variants = {
      plain: { lm: await DecoderPipeline.open([files.model], config, options), prompt },
      ee: { lm: await DecoderPipeline.open([join(dir, "ee", ee.shards[0].file)], config, options), prompt: cipher.encryptIds(prompt) },
      shards2: { lm: await DecoderPipeline.open(split.shards.map((s) => join(dir, "split", s.file)), config, options), prompt },
    };
    const timings: Record<string, Timing[]> = { plain: [], ee: [], shards2: [] };
    for (const v of Object.values(variants)) await decode(v.lm, v.prompt); // warm-up
    ctx.log(`${RUNS} runs × 3 variants, ${prompt.length}-token prompt, ${NEW_TOKENS} new tokens, 1 intra-op thread`);
    const entries = Object.entries(variants);
    for (let r = 0; r < RUNS; r++) {
      // Rotate the order each run: whichever variant runs right after another pays for its cache misses.
      for (let k = 0; k < entries.length; k++) {
        const [name, v] = entries[(r + k) % entries.length];
        timings[name].push(await decode(v.lm, v.prompt));
      }
      if ((r + 1) % 5 === 0) ctx.log(`run ${r + 1}/${RUNS}`);
    }
    const tps = (name: string) => median(timings[name].map((t) => t.tokensPerSecond));
    const ttft = (name: string) => median(timings[name].map((t) => t.firstTokenMs));
    const figures: Record<string, number> = {
      plain_tokens_per_s: tps("plain"),
      ee_tokens_per_s: tps("ee"),
      shards2_tokens_per_s: tps("shards2"),
      ee_over_plain_time: tps("plain") / tps("ee"),
      shards2_over_plain_time: tps("plain") / tps("shards2"),
      plain_first_token_ms: ttft("plain"),
      ee_first_token_ms: ttft("ee"),
      shards2_first_token_ms: ttft("shards2"),
      prompt_tokens: prompt.length,
      new_tokens: NEW_TOKENS,
      runs: RUNS,
      load_average_1m: loadavg()[0],
    };
    return { name: "lm", figures, goals: [goal(figures, "ee_over_plain_time", "<=", 1.01)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
