import { Command, InvalidArgumentError, Option } from "commander";
import { LANDE_PATH } from "../runtime/model-path";
import { writeLandeModel } from "../lande/convert";
import { makeFixtures } from "../ocr/fixtures";
import { loadOnnx } from "../onnx/onnx-io";
import { modelPath, MODEL_IDS } from "../runtime/model-path";
import { findCutPoints } from "../shard/cut-points";
import { createLogger } from "./logger";
import { prepareModel } from "./prepare";

const log = createLogger();

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

const program = new Command()
  .name("nesa-models")
  .description("Prepare the network's ONNX models: convert lande, cut models into shards, write manifests.")
  .showHelpAfterError();

program
  .command("prepare")
  .description("cut a model into S sequential shards and write DIR/<model>.shard<i>.onnx and DIR/manifest.json")
  .addOption(new Option("--model <id>", "model id").choices([...MODEL_IDS]).makeOptionMandatory())
  .requiredOption("--shards <S>", "number of shards", positiveInt)
  .requiredOption("--out <dir>", "output directory")
  .addOption(new Option("--balance <by>", "balance shards by weight bytes or op count").choices(["bytes", "ops"]).default("bytes"))
  .option("--ee", "apply Equivariant Encryption with a fresh key before cutting")
  .option("--key-out <file>", "with --ee: where to write the EE key")
  .option("--hss", "with --ee: also write the HSS-EE share and combine stages of shard 0 (manifest hss section)")
  .action(async (opts) => {
    await prepareModel({ model: opts.model, shards: opts.shards, out: opts.out, balance: opts.balance, ee: opts.ee, keyOut: opts.keyOut, hss: opts.hss }, log);
  });

program
  .command("train-lm")
  .description("train tiny-lm (byte-level BPE tokenizer + decoder) with PyTorch on Moby-Dick, export model.onnx with a KV cache, check it against the trainer's greedy decoding")
  .requiredOption("--out <dir>", "output folder (the committed model is packages/models/assets/tiny-lm)")
  .option("--steps <N>", "optimizer steps", positiveInt)
  .option("--seed <S>", "seed: the same seed gives the same files", positiveInt)
  .option("--python <path>", "a Python 3 with PyTorch (default: $NESA_PYTHON, else /usr/bin/python3)")
  .action(async (opts) => {
    const { trainLm } = await import("../lm/train-lm");
    const result = await trainLm({ out: opts.out, steps: opts.steps, seed: opts.seed, python: opts.python });
    const { mismatches, ...check } = result.export;
    log.info({ out: opts.out, ...result.trainer, ...check }, "tiny-lm trained and exported");
    if (mismatches.length > 0) {
      log.error({ mismatches }, "onnxruntime's greedy decoding differs from the trainer's");
      process.exitCode = 1;
    }
  });

program
  .command("attack-lm")
  .description("measure the attacks on tiny-lm's EE (weight matching with the plaintext weights; frequency analysis of permuted token ids) and print them as JSON")
  .option("--queries <list>", "numbers of queries under one key", "10,100,1000")
  .action(async (opts) => {
    const { measureLmAttacks, TINY_LM_DIR } = await import("../lm/index");
    const counts = String(opts.queries).split(",").map((n) => positiveInt(n));
    process.stdout.write(`${JSON.stringify(measureLmAttacks(TINY_LM_DIR, counts))}\n`);
  });

program
  .command("convert-lande")
  .description("convert the lande language identifier to ONNX (done automatically on first use)")
  .option("--out <file>", "output file", LANDE_PATH)
  .action((opts) => {
    const bytes = writeLandeModel(opts.out);
    log.info({ file: opts.out, sizeBytes: bytes }, "lande converted to ONNX");
  });

program
  .command("cut-points")
  .description("list the clean cut points of a model (one float32 tensor crossing)")
  .addOption(new Option("--model <id>", "model id").choices([...MODEL_IDS]).makeOptionMandatory())
  .action((opts) => {
    const cuts = findCutPoints(loadOnnx(modelPath(opts.model)));
    for (const c of cuts) process.stdout.write(`${c.nodeIndex}\t${c.tensor.name}\n`);
    log.info({ model: opts.model, cutPoints: cuts.length }, "cut points listed");
  });

program
  .command("make-fixtures")
  .description("re-create the committed test fixtures (a rendered text-line PNG)")
  .action(() => {
    log.info({ files: makeFixtures() }, "fixtures written");
  });

program.parseAsync(process.argv).catch((err: Error) => {
  log.error({ err: err.message }, "nesa-models failed");
  process.exitCode = 1;
});
