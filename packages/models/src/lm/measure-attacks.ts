import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOnnx } from "../onnx/onnx-io";
import { readCorpusParagraphs } from "./corpus";
import { readDecoderConfig } from "./decoder-config";
import { weightsFromOnnx } from "./decoder-weights";
import { type FrequencyAttackResult, type LmWeightMatchResult, lmFrequencyAttack, lmWeightMatchAttack } from "./lm-attacks";
import { LmCipher, type LmEEKey } from "./lm-key";
import { prepareLm } from "./prepare-lm";
import { lmFiles } from "./tiny-lm";
import { BpeTokenizer } from "./tokenizer";

export interface LmAttackReport {
  weightMatch: LmWeightMatchResult;
  /** Frequency analysis of the encrypted prompt ids a miner sees, per number of queries under one key. */
  frequency: FrequencyAttackResult[];
  tokensPerQuery: number;
}

/**
 * The figures of docs/security.md for a decoder: prepare it with a fresh EE key, run the weight-matching attack on
 * shard 0, and frequency analysis of `counts` queries of corpus text (consecutive 48-token pieces of the last
 * quarter of the book, none repeated) against token frequencies of the first three quarters (the attacker's public
 * text of the same kind).
 */
export function measureLmAttacks(modelDir: string, counts: number[] = [10, 100, 1000], tokensPerQuery = 48): LmAttackReport {
  const files = lmFiles(modelDir);
  const config = readDecoderConfig(files.config);
  const tokenizer = BpeTokenizer.fromFile(files.tokenizer);
  const dir = mkdtempSync(join(tmpdir(), "lm-attacks-"));
  try {
    const keyOut = join(dir, "key.json");
    const manifest = prepareLm({ modelDir, modelId: "tiny-lm", shards: 2, out: dir, keyOut });
    const key = JSON.parse(readFileSync(keyOut, "utf8")) as LmEEKey;
    const cipher = new LmCipher(key);
    const shard0 = weightsFromOnnx(loadOnnx(join(dir, manifest.shards[0].file)));
    const weightMatch = lmWeightMatchAttack(weightsFromOnnx(loadOnnx(files.model)), shard0, config, key);
    const paragraphs = readCorpusParagraphs();
    const cut = Math.floor(paragraphs.length * 0.75);
    const referenceIds = paragraphs.slice(0, cut).flatMap((p) => tokenizer.encode(p));
    const queried = paragraphs.slice(cut).flatMap((p) => tokenizer.encode(p));
    const queries = Array.from({ length: Math.floor(queried.length / tokensPerQuery) }, (_, i) => queried.slice(i * tokensPerQuery, (i + 1) * tokensPerQuery));
    if (queries.length < Math.max(...counts)) throw new Error(`only ${queries.length} distinct queries of ${tokensPerQuery} tokens in the held-back text`);
    const frequency = counts.map((n) =>
      lmFrequencyAttack(referenceIds, queries.slice(0, n), (q) => cipher.encryptIds(q), (q) => cipher.decryptIds(q)),
    );
    return { weightMatch, frequency, tokensPerQuery };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
