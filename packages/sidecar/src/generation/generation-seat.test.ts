// The decoding loop among seats, in one process against the real Redis and real onnxruntime sessions: two seats
// of one replica pipeline hand steps to each other through their inboxes and must produce exactly what greedy
// decoding of the unsplit model produces.
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { RedisKeys } from "@nesa/data-plane";
import { DecoderPipeline, buildDecoderGraph, greedyGenerate, parseDecoderConfig, randomDecoderWeights } from "@nesa/models/lm";
import { createSession, saveOnnx } from "@nesa/models";
import { SidecarCode } from "../errors";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../testing/redis-test-env";
import type { Tensor } from "../tensor/tensor-codec";
import { type GenerationParams, runGenerationSeat } from "./generation-seat";
import { KvBudget } from "./kv-budget";
import { StepHandoff } from "./step-handoff";
import { decodeStepMessage, encodeStepMessage } from "./step-message";

const prefix = randomPrefix("gen-seat");
const keys = new RedisKeys(prefix);
const redis = new Redis(TEST_REDIS_URL);
const config = parseDecoderConfig({
  model_type: "nesa-tiny-lm", n_layer: 2, n_head: 2, n_embd: 16, n_inner: 64, vocab_size: 40, n_positions: 48,
  layer_norm_epsilon: 1e-5, eos_token_id: 0, bos_token_id: 0,
});
const weights = randomDecoderWeights(config, 5);
const open = (firstBlock: number, endBlock: number) =>
  createSession(saveOnnx(buildDecoderGraph(weights, config, { firstBlock, endBlock, embed: firstBlock === 0, head: endBlock === config.nLayer })), { threads: 1 });

afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

async function generate(queryId: string, prompt: number[], params: Omit<GenerationParams, "inputTokens" | "contextLength">, budget = new KvBudget(1 << 30)) {
  const [s0, s1] = await Promise.all([open(0, 1), open(1, 2)]);
  const handoffs = [new StepHandoff(redis, keys, 60), new StepHandoff(redis, keys, 60)];
  const full: GenerationParams = { ...params, inputTokens: prompt.length, contextLength: config.nPositions };
  const published: number[] = [];
  let seat1: Promise<unknown> = Promise.resolve();
  const deps = (i: number) => ({
    handoff: handoffs[i],
    budget,
    stepTimeoutMs: 2000,
    publishToken: async (_step: number, id: number) => {
      published.push(id);
    },
    startNext: async (firstHidden: Tensor) => {
      // What the next seat's job does when BullMQ hands it over.
      seat1 = runGenerationSeat(deps(1), { queryId, shard: 1, replica: 0, shards: 2 }, s1, full, firstHidden);
    },
  });
  const promptTensor: Tensor = { dtype: "int32", dims: [1, prompt.length], data: Int32Array.from(prompt) };
  try {
    const first = await runGenerationSeat(deps(0), { queryId, shard: 0, replica: 0, shards: 2 }, s0, full, promptTensor);
    const last = (await seat1) as Awaited<ReturnType<typeof runGenerationSeat>>;
    return { first, last, published, budget };
  } finally {
    for (const h of handoffs) h.close();
  }
}

describe("generation seats", () => {
  it("two seats decode exactly what the unsplit model decodes greedily, and stream every token", async () => {
    const prompt = [3, 17, 8, 22];
    const lm = await DecoderPipeline.open([saveOnnx(buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: 2, embed: true, head: true }))], config, { threads: 1 });
    const want = await greedyGenerate(lm, prompt, 20);
    const { first, last, published, budget } = await generate("101", prompt, { maxNewTokens: 20 });
    expect(Array.from(last.output.data as Int32Array)).toEqual(want);
    expect(last.outputTokens).toBe(20);
    expect(published).toEqual(want);
    // Shard 0 committed to every hidden state it produced: the prompt's 4 positions and 19 single steps.
    expect(first.output.dims).toEqual([1, prompt.length + 19, config.nEmbd]);
    expect(budget.usedBytes).toBe(0);
  });

  it("stops at the disclosed stop token", async () => {
    const prompt = [5, 9];
    const lm = await DecoderPipeline.open([saveOnnx(buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: 2, embed: true, head: true }))], config, { threads: 1 });
    const free = await greedyGenerate(lm, prompt, 12);
    const stop = free[4];
    const { last } = await generate("102", prompt, { maxNewTokens: 12, stopTokenId: stop });
    const tokens = Array.from(last.output.data as Int32Array);
    expect(tokens[tokens.length - 1]).toBe(stop);
    expect(tokens).toEqual(free.slice(0, free.indexOf(stop) + 1));
  });

  it("a seat whose next step never comes gives up with GenerationStalled instead of hanging", async () => {
    const s0 = await open(0, 1);
    const handoff = new StepHandoff(redis, keys, 60);
    const deps = { handoff, budget: new KvBudget(1 << 30), stepTimeoutMs: 300, publishToken: async () => {}, startNext: async () => {} };
    const prompt: Tensor = { dtype: "int32", dims: [1, 2], data: Int32Array.of(1, 2) };
    await expect(runGenerationSeat(deps, { queryId: "103", shard: 0, replica: 0, shards: 2 }, s0, { inputTokens: 2, maxNewTokens: 5, contextLength: 48 }, prompt)).rejects.toMatchObject({ code: SidecarCode.GenerationStalled });
    expect(deps.budget.usedBytes).toBe(0);
    handoff.close();
  });

  it("refuses a seat whose cache does not fit the memory budget", async () => {
    const s0 = await open(0, 1);
    const handoff = new StepHandoff(redis, keys, 60);
    const deps = { handoff, budget: new KvBudget(1000), stepTimeoutMs: 300, publishToken: async () => {}, startNext: async () => {} };
    const prompt: Tensor = { dtype: "int32", dims: [1, 2], data: Int32Array.of(1, 2) };
    await expect(runGenerationSeat(deps, { queryId: "104", shard: 0, replica: 0, shards: 2 }, s0, { inputTokens: 2, maxNewTokens: 5, contextLength: 48 }, prompt)).rejects.toMatchObject({ code: SidecarCode.OverMemoryBudget });
    handoff.close();
  });

  it("step messages round-trip and malformed ones are refused", () => {
    const hidden = { kind: "hidden" as const, step: 3, dims: [1, 2, 2] as [number, number, number], data: Float32Array.of(1, -2, 3.5, 4) };
    expect(decodeStepMessage(encodeStepMessage(hidden))).toEqual(hidden);
    expect(decodeStepMessage(encodeStepMessage({ kind: "token", step: 9, id: 1023 }))).toEqual({ kind: "token", step: 9, id: 1023 });
    expect(() => decodeStepMessage(encodeStepMessage(hidden).subarray(0, 20))).toThrow(/hidden state of dims/);
    expect(() => decodeStepMessage(Buffer.from([7, 0, 0, 0, 0]))).toThrow(/kind 7/);
  });
});
