// The training script, run for a few steps (CI's smoke test of `nesa-models train-lm`): tokenizer, training,
// held-out figures, export to ONNX and the check that onnxruntime decodes as PyTorch does. Needs Debian's
// python3-torch (.ci/run installs it); it fails, never skips, without it.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDecoderConfig } from "./decoder-config";
import { lmFiles } from "./tiny-lm";
import { BpeTokenizer } from "./tokenizer";
import { trainLm } from "./train-lm";

describe("train-lm (a few steps)", () => {
  it("trains deterministically, reports held-out loss next to a unigram baseline, exports model.onnx that decodes as the trainer did", async () => {
    const out = mkdtempSync(join(tmpdir(), "train-lm-"));
    const result = await trainLm({ out, steps: 3, seed: 3 });
    const files = lmFiles(out);
    expect(result.export.mismatches).toEqual([]);
    expect(result.export.matched).toBe(result.export.checked);
    expect(existsSync(files.model)).toBe(true);
    expect(existsSync(files.weights)).toBe(false);
    const training = JSON.parse(readFileSync(files.training, "utf8"));
    expect(training.steps).toBe(3);
    for (const f of ["heldout_nats_per_token", "heldout_bits_per_byte", "unigram_nats_per_token", "unigram_bits_per_byte"]) {
      expect(training.figures[f]).toBeGreaterThan(0);
    }
    const tokenizer = BpeTokenizer.fromFile(files.tokenizer);
    expect(tokenizer.vocabSize).toBe(readDecoderConfig(files.config).vocabSize);
    expect(tokenizer.decode(tokenizer.encode("Call me Ishmael."))).toBe("Call me Ishmael.");
    // Deterministic for a seed: a second run gives the same bytes.
    const again = mkdtempSync(join(tmpdir(), "train-lm-"));
    await trainLm({ out: again, steps: 3, seed: 3 });
    for (const f of ["model", "tokenizer", "reference"] as const) expect(readFileSync(lmFiles(again)[f]).equals(readFileSync(files[f]))).toBe(true);
  }, 480_000);
});
