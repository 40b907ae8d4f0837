import { describe, expect, it } from "vitest";
import { encryptDecoderWeights } from "./decoder-ee";
import { DecoderPipeline, greedyGenerate } from "./decoder-runner";
import { LmCipher, generateLmEEKey, lmKeyCommitment, lmKeyPermutations } from "./lm-key";
import { randomDecoderWeights } from "./random-weights";
import { runShardStep, emptyKvCache } from "./shard-step";
import { fullRange, openChain, openShard, tinyConfig, tokenIds } from "./test-fixture";

const config = tinyConfig({ n_layer: 2, n_head: 2, n_embd: 16, vocab_size: 50, n_positions: 40 });
const weights = randomDecoderWeights(config, 11);
const key = generateLmEEKey("test-lm", config, { "<|endoftext|>": 0 }, { seed: "decoder-ee-test" });
const cipher = new LmCipher(key);

describe("EE for a decoder", () => {
  it("maps encrypted ids to permuted logits: ee_logits[j] = logits[perm[j]], within 1e-4 relative", async () => {
    const plain = await openShard(weights, config, fullRange(config));
    const ee = await openShard(encryptDecoderWeights(weights, config, key), config, fullRange(config));
    const ids = tokenIds(12, config.vocabSize, 3);
    const p = await runShardStep(plain, { ids }, emptyKvCache(config, [0, 1]));
    const e = await runShardStep(ee, { ids: cipher.encryptIds(ids) }, emptyKvCache(config, [0, 1]));
    const V = config.vocabSize;
    let worst = 0;
    for (let s = 0; s < ids.length; s++) {
      const decrypted = cipher.decryptIds(Array.from({ length: V }, (_, j) => j));
      for (let j = 0; j < V; j++) {
        const a = e.output.data[s * V + j];
        const b = p.output.data[s * V + decrypted[j]];
        worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
      }
    }
    expect(worst).toBeLessThan(1e-4);
    // The encryption really moved things: the raw logits differ where the permutation is not the identity.
    expect(Array.from(e.output.data.subarray(0, V))).not.toEqual(Array.from(p.output.data.subarray(0, V)));
  });

  it("closes the decoding loop without the client: 2 encrypted shards' argmax is the encrypted next token", async () => {
    const plainLm = new DecoderPipeline(await openChain(weights, config, [1]), config);
    const eeLm = new DecoderPipeline(await openChain(encryptDecoderWeights(weights, config, key), config, [1]), config);
    for (let seed = 1; seed <= 5; seed++) {
      const prompt = tokenIds(4, config.vocabSize, seed);
      const plain = await greedyGenerate(plainLm, prompt, 24);
      const ee = await greedyGenerate(eeLm, cipher.encryptIds(prompt), 24);
      expect(cipher.decryptIds(ee)).toEqual(plain);
      expect(ee).not.toEqual(plain);
    }
  });

  it("hides the hidden state crossing the cut: it is the plain one with its features permuted", async () => {
    const [plain0] = await openChain(weights, config, [1]);
    const [ee0] = await openChain(encryptDecoderWeights(weights, config, key), config, [1]);
    const ids = tokenIds(3, config.vocabSize, 9);
    const p = await runShardStep(plain0, { ids }, emptyKvCache(config, [0]));
    const e = await runShardStep(ee0, { ids: cipher.encryptIds(ids) }, emptyKvCache(config, [0]));
    const { residual } = lmKeyPermutations(key, config);
    const D = config.nEmbd;
    for (let s = 0; s < ids.length; s++) {
      for (let j = 0; j < D; j++) expect(e.output.data[s * D + j]).toBeCloseTo(p.output.data[s * D + residual[j]], 4);
    }
  });

  it("keys: deterministic for a seed, fresh otherwise; the eos id under the key is the encrypted one", () => {
    const again = generateLmEEKey("test-lm", config, { "<|endoftext|>": 0 }, { seed: "decoder-ee-test" });
    expect(lmKeyCommitment(again)).toEqual(lmKeyCommitment(key));
    const fresh = generateLmEEKey("test-lm", config, { "<|endoftext|>": 0 });
    expect(fresh.secret).not.toEqual(key.secret);
    expect(cipher.decryptIds([cipher.specialId("<|endoftext|>")])).toEqual([0]);
    expect(() => lmKeyPermutations(key, tinyConfig({ n_embd: 32 }))).toThrow(/nEmbd is 16, the model has 32/);
    expect(() => cipher.encryptIds([config.vocabSize])).toThrow(/outside the vocabulary/);
  });
});
