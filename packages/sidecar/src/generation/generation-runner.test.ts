// The runner around a seat, against the real Redis: the loop runs after the job returns, the result is recorded
// once with its token count, the tokens are streamed, and a second delivery of the same seat's job is refused;
// a bounded drain (graceful stop) abandons a seat that waits on a stalled pipeline instead of waiting it out.
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import pino from "pino";
import { RedisKeys } from "@nesa/data-plane";
import { createSession, saveOnnx } from "@nesa/models";
import { DecoderPipeline, buildDecoderGraph, greedyGenerate, parseDecoderConfig, randomDecoderWeights } from "@nesa/models/lm";
import { SidecarCode } from "../errors";
import { QueueRegistry } from "../pipeline/queue-registry";
import { ResultRecorder, type SeatResult } from "../pipeline/result-recorder";
import { TensorStore } from "../tensor/tensor-store";
import { TEST_REDIS_URL, deletePrefix, randomPrefix } from "../testing/redis-test-env";
import { GenerationRunner } from "./generation-runner";
import { KvBudget } from "./kv-budget";

const prefix = randomPrefix("gen-runner");
const keys = new RedisKeys(prefix);
const redis = new Redis(TEST_REDIS_URL);
const queues = new QueueRegistry(redis, keys);
const config = parseDecoderConfig({
  model_type: "nesa-tiny-lm", n_layer: 2, n_head: 2, n_embd: 16, n_inner: 64, vocab_size: 40, n_positions: 48,
  layer_norm_epsilon: 1e-5, eos_token_id: 0, bos_token_id: 0,
});
const weights = randomDecoderWeights(config, 8);
const modelBytes = saveOnnx(buildDecoderGraph(weights, config, { firstBlock: 0, endBlock: 2, embed: true, head: true }));

afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

describe("GenerationRunner", () => {
  it("runs a one-shard generation in the background, records it once with output_tokens, streams the tokens, refuses a second delivery (but not a retry after a missing input)", async () => {
    const tensors = new TensorStore(redis, keys, { ttlSeconds: 60, maxBytes: 1 << 20 });
    const recorded: SeatResult[] = [];
    const recorder = new ResultRecorder(redis, keys, 60, async (r) => {
      recorded.push(r);
    });
    const runner = new GenerationRunner({
      miner: "nesa1miner", redis, keys, tensors, queues, recorder, budget: new KvBudget(1 << 30), logger: pino({ level: "silent" }), ttlSeconds: 60, stepTimeoutMs: 2000,
    });
    const session = await createSession(modelBytes, { threads: 1 });
    const prompt = [4, 11, 2];
    const promptTensor = { dtype: "int32" as const, dims: [1, 3], data: Int32Array.from(prompt) };
    const inputKey = await tensors.put(promptTensor);
    await redis.del(keys.tensor(inputKey));
    const a = { queryId: "7", modelId: "m", shards: [{ index: 0, sha256: "00" }], seats: [["nesa1miner"]], generation: { inputTokens: 3, maxNewTokens: 10, contextLength: 48 } };
    const job = { queryId: "7", shard: 0, replica: 0, inputKey };
    // The prompt is not in the data plane yet: a retryable InputMissing that leaves the seat unclaimed for the retry.
    await expect(runner.start(job, a, session)).rejects.toMatchObject({ code: SidecarCode.InputMissing });
    await tensors.put(promptTensor);
    await runner.start(job, a, session);
    await runner.drain();
    const want = await greedyGenerate(await DecoderPipeline.open([modelBytes], config, { threads: 1 }), prompt, 10);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ queryId: "7", shard: 0, replica: 0, final: true, outputTokens: 10 });
    const output = await tensors.get(recorded[0].outputDigest);
    expect(Array.from(output.data as Int32Array)).toEqual(want);
    const stream = await redis.xrange(keys.genTokens("7", 0), "-", "+");
    expect(stream.map(([, fields]) => Number(fields[3]))).toEqual(want);
    await expect(runner.start(job, a, session)).rejects.toMatchObject({ code: SidecarCode.GenerationStalled });
  });

  it("drain(timeoutMs) abandons a seat waiting on a stalled pipeline: no commit, back well before its step timeout", async () => {
    const tensors = new TensorStore(redis, keys, { ttlSeconds: 60, maxBytes: 1 << 20 });
    const recorded: SeatResult[] = [];
    const recorder = new ResultRecorder(redis, keys, 60, async (r) => {
      recorded.push(r);
    });
    const runner = new GenerationRunner({
      miner: "nesa1miner", redis, keys, tensors, queues, recorder, budget: new KvBudget(1 << 30), logger: pino({ level: "silent" }), ttlSeconds: 60, stepTimeoutMs: 60_000,
    });
    // The last of two shards: it picks the first token, hands it back to shard 0 (whose miner is gone) and waits.
    const last = await createSession(saveOnnx(buildDecoderGraph(weights, config, { firstBlock: 1, endBlock: 2, embed: false, head: true })), { threads: 1 });
    const hidden = await tensors.put({ dtype: "float32", dims: [1, 3, config.nEmbd], data: new Float32Array(3 * config.nEmbd).fill(0.1) });
    const a = {
      queryId: "8", modelId: "m", shards: [{ index: 0, sha256: "00" }, { index: 1, sha256: "01" }], seats: [["nesa1gone"], ["nesa1miner"]],
      generation: { inputTokens: 3, maxNewTokens: 10, contextLength: 48 },
    };
    await runner.start({ queryId: "8", shard: 1, replica: 0, inputKey: hidden }, a, last);
    while ((await redis.xlen(keys.genTokens("8", 0))) === 0) await new Promise((r) => setTimeout(r, 10));
    expect(runner.active).toBe(1);
    const t0 = Date.now();
    await runner.drain(200);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(runner.active).toBe(0);
    expect(recorded).toEqual([]);
  });
});
