import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOnnx } from "../onnx/onnx-io";
import { readCorpusParagraphs } from "./corpus";
import { readDecoderConfig } from "./decoder-config";
import { DecoderPipeline, argmax, greedyGenerate } from "./decoder-runner";
import { checkAgainstReference } from "./export-lm";
import { measureLmAttacks } from "./measure-attacks";
import { LmCipher, type LmEEKey } from "./lm-key";
import { prepareLm } from "./prepare-lm";
import { type LmReference, TINY_LM_DIR, lmFiles } from "./tiny-lm";
import { BpeTokenizer } from "./tokenizer";

// The committed model: these tests read packages/models/assets/tiny-lm and never retrain.
const files = lmFiles(TINY_LM_DIR);
const config = readDecoderConfig(files.config);
const tokenizer = BpeTokenizer.fromFile(files.tokenizer);
const reference = JSON.parse(readFileSync(files.reference, "utf8")) as LmReference;
const EOT = tokenizer.specialId("<|endoftext|>");
const threads = { threads: 1 };

function prepared(shards: number, ee: boolean) {
  const out = mkdtempSync(join(tmpdir(), `tiny-lm-${shards}-`));
  const keyOut = ee ? join(out, "ee-key.json") : undefined;
  const manifest = prepareLm({ modelDir: TINY_LM_DIR, modelId: "tiny-lm", shards, out, ...(keyOut ? { keyOut, keySeed: `test-${shards}` } : {}) });
  const key = keyOut ? (JSON.parse(readFileSync(keyOut, "utf8")) as LmEEKey) : undefined;
  return { out, manifest, key, paths: manifest.shards.map((s) => join(out, s.file)) };
}

describe("tiny-lm, the committed generative model", () => {
  it("is one Hugging Face-style folder: model.onnx with a KV cache, tokenizer.json, config.json", () => {
    expect(statSync(files.model).size).toBeLessThan(8 * 1024 * 1024);
    const model = loadOnnx(files.model);
    const inputs = model.graph.input.map((i) => i.name);
    expect(inputs.slice(0, 3)).toEqual(["input_ids", "position_ids", "attention_mask"]);
    expect(inputs).toContain(`past_key_values.${config.nLayer - 1}.value`);
    expect(model.graph.output.map((o) => o.name)).toContain("present.0.key");
    expect(config.eosTokenId).toBe(EOT);
    expect(tokenizer.vocabSize).toBe(config.vocabSize);
  });

  it("tokenizes as the trainer did, and round-trips corpus text", () => {
    for (const g of reference.generations) {
      expect([EOT, ...tokenizer.encode(g.prompt)]).toEqual(g.input_ids);
      expect(tokenizer.decode(g.greedy_ids)).toEqual(g.greedy_text);
    }
    for (const paragraph of readCorpusParagraphs().slice(100, 140)) expect(tokenizer.decode(tokenizer.encode(paragraph))).toEqual(paragraph);
    expect(tokenizer.encode("the whale<|endoftext|>")).toContain(EOT);
  });

  it("greedy decoding with stock onnxruntime-node equals the trainer's own (PyTorch) greedy decoding", async () => {
    const check = await checkAgainstReference(TINY_LM_DIR);
    expect(check.mismatches).toEqual([]);
    expect(check.matched).toBe(reference.generations.length);
  });

  it.each([2, 3])("S = %i chained shards with their caches give the unsplit logits (≤ 1e-5) over 64 tokens", async (shards) => {
    const { paths, manifest } = prepared(shards, false);
    expect(manifest.generator?.blocks).toHaveLength(shards);
    const whole = await DecoderPipeline.open([files.model], config, threads);
    const chain = await DecoderPipeline.open(paths, config, threads);
    const prompt = reference.generations[0].input_ids;
    let a = await whole.prefill(prompt);
    let b = await chain.prefill(prompt);
    let worst = 0;
    for (let step = 0; step < 64; step++) {
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      const next = argmax(a);
      expect(argmax(b)).toBe(next);
      a = await whole.step(next);
      b = await chain.step(next);
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it("EE: decrypted greedy output equals plain greedy output on 200 prompts; logits within 1e-4 relative", async () => {
    const { paths, key } = prepared(2, true);
    if (!key) throw new Error("no key written");
    const cipher = new LmCipher(key);
    const plain = await DecoderPipeline.open([files.model], config, threads);
    const ee = await DecoderPipeline.open(paths, config, threads);
    const prompts = readCorpusParagraphs()
      .filter((_, i) => i % 7 === 0)
      .slice(0, 200)
      .map((p) => [EOT, ...tokenizer.encode(p.split(" ").slice(0, 6).join(" "))]);
    expect(prompts).toHaveLength(200);
    const perm = cipher.decryptIds(Array.from({ length: config.vocabSize }, (_, j) => j));
    let worst = 0;
    for (const prompt of prompts) {
      const want = await greedyGenerate(plain, prompt, 12, EOT);
      const got = await greedyGenerate(ee, cipher.encryptIds(prompt), 12, cipher.specialId("<|endoftext|>"));
      expect(cipher.decryptIds(got)).toEqual(want);
      if (prompt === prompts[0] || prompt === prompts[199]) {
        const lp = await plain.prefill(prompt);
        const le = await ee.prefill(cipher.encryptIds(prompt));
        for (let j = 0; j < le.length; j++) worst = Math.max(worst, Math.abs(le[j] - lp[perm[j]]) / Math.max(1, Math.abs(lp[perm[j]])));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it("attacks: the plaintext weights give the whole key; token frequencies alone name only the commonest tokens", () => {
    const report = measureLmAttacks(TINY_LM_DIR, [1000]);
    expect(report.weightMatch).toEqual({ residualRecovered: 1, vocabRecovered: 1 });
    const [many] = report.frequency;
    // Rank matching names a few very common ids (",", " the", ".") — several per cent of the text — and almost
    // no types; a broken key (say, the identity permutation) would give 100 %.
    expect(many.tokensRecovered).toBeGreaterThan(0.02);
    expect(many.tokensRecovered).toBeLessThan(0.5);
    expect(many.typesRecovered).toBeLessThan(0.1);
  });
});
