import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shipped generative model: trained here by `nesa-models train-lm` (train/train_lm.py) and committed, so
 * tests, CI and the localnet never retrain. One folder, as Hugging Face lays out a model.
 */
export const TINY_LM_ID = "tiny-lm";
export const TINY_LM_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "assets", "tiny-lm");

/** The files of a decoder model folder. */
export function lmFiles(dir: string) {
  return {
    model: join(dir, "model.onnx"),
    tokenizer: join(dir, "tokenizer.json"),
    config: join(dir, "config.json"),
    /** The trainer's own greedy decodings (PyTorch), that the exported ONNX must reproduce token for token. */
    reference: join(dir, "reference.json"),
    /** Figures of the training run: held-out loss vs a unigram baseline, time, sizes. */
    training: join(dir, "training.json"),
    /** Written by the trainer, read by the export, then deleted: model.onnx carries the same tensors. */
    weights: join(dir, "weights.safetensors"),
  };
}

export interface LmReference {
  max_new_tokens: number;
  generations: { prompt: string; input_ids: number[]; greedy_ids: number[]; greedy_text: string }[];
}
