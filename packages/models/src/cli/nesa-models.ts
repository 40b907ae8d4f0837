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
  .description("cut a model into S sequential shards and write DIR/<model>.shard<i>.onnx and DIR/manifest.json: a built-in one (--model) or your own ONNX file (--onnx FILE --id ID --name NAME)")
  .addOption(new Option("--model <id>", "built-in model id").choices([...MODEL_IDS]).conflicts("onnx"))
  .option("--onnx <file>", "your own ONNX model (one float32 input, one float32 output; IR ≤ 8, opset 7–17)")
  .option("--id <id>", "with --onnx: the model id to register (lower-case letters, digits, dashes)")
  .option("--name <name>", "with --onnx: a human-readable name (written to the manifest; publish registers it)")
  .option("--cuts <tensors>", "with --onnx: cut at these comma-separated tensors instead of planning (see cut-points --onnx)")
  .option("--shards <S>", "number of shards", positiveInt, 1)
  .requiredOption("--out <dir>", "output directory")
  .addOption(new Option("--balance <by>", "balance shards by weight bytes or op count").choices(["bytes", "ops"]).default("bytes"))
  .option("--ee", "apply Equivariant Encryption with a fresh key before cutting")
  .option("--key-out <file>", "with --ee: where to write the EE key (with --onnx, default DIR/<id>.ee-key.json)")
  .option("--hss", "with --ee: also write the HSS-EE share and combine stages of shard 0 (manifest hss section)")
  .action(async (opts) => {
    if (opts.onnx) {
      if (!opts.id || !opts.name) throw new Error("--onnx needs --id ID and --name NAME (e.g. --id my-net --name \"My classifier\")");
      const { prepareOnnx } = await import("../generic/prepare-onnx");
      const cutTensors = opts.cuts ? String(opts.cuts).split(",").map((t: string) => t.trim()).filter(Boolean) : undefined;
      await prepareOnnx({ onnx: opts.onnx, id: opts.id, name: opts.name, shards: opts.shards, out: opts.out, balance: opts.balance, ee: opts.ee, keyOut: opts.keyOut, hss: opts.hss, cutTensors }, log);
      return;
    }
    if (!opts.model) throw new Error("pass --model ID (built-in: " + MODEL_IDS.join(", ") + ") or --onnx FILE --id ID --name NAME");
    await prepareModel({ model: opts.model, shards: opts.shards, out: opts.out, balance: opts.balance, ee: opts.ee, keyOut: opts.keyOut, hss: opts.hss }, log);
  });

program
  .command("publish")
  .description("upload a prepared model's shards to the model store under a signed upload intent (resumable), then register it on chain (MsgRegisterModel; a generator with its token prices, context length and end-of-text id)")
  .requiredOption("--manifest <file>", "DIR/manifest.json written by prepare")
  .requiredOption("--price <amount>", "price per seat per replica, e.g. 1000unes (the owner gets the chain's owner_share of it)")
  .option("--home <dir>", "localnet home (localnet.json: RPC, model store, accounts)", ".nesa-home")
  .option("--from <name>", "account in localnet.json that owns the model", "owner")
  .option("--mnemonic-file <file>", "owner key instead of a localnet account: a file holding a BIP-39 mnemonic (mode 0600)")
  .option("--rpc <url>", "CometBFT RPC (default: localnet.json's)")
  .option("--store <url>", "model store URL (default: localnet.json's)")
  .option("--min-replicas <R>", "smallest replicas a query may ask for", positiveInt, 1)
  .option("--version <v>", "model version string", "1")
  .option("--token-price <IN,OUT>", "generators (manifest with a generator section) only, required for them: unes per prompt token and per generated token, per replica, e.g. 1,4")
  .option("--context-length <N>", "generators only: largest prompt + new tokens of a query (default: the model's)", positiveInt)
  .option("--intent-blocks <N>", "blocks the upload intent lets the store take the shards before registration", positiveInt, 300)
  .option("--chunk-bytes <N>", "bytes per resumable upload request", positiveInt, 16 * 1024 * 1024)
  .action(async (opts) => {
    const { publishModel } = await import("../../../client/src/publish/publish-model");
    const r = await publishModel({ manifest: opts.manifest, price: opts.price, home: opts.home, from: opts.from, mnemonicFile: opts.mnemonicFile, rpc: opts.rpc, store: opts.store, minReplicas: opts.minReplicas, version: opts.version, tokenPrice: opts.tokenPrice, contextLength: opts.contextLength, intentBlocks: opts.intentBlocks, chunkBytes: opts.chunkBytes }, log);
    process.stdout.write(`${JSON.stringify(r)}\n`);
  });

program
  .command("deprecate")
  .description("deprecate a model you own (MsgDeprecateModel): no new queries; running ones finish")
  .argument("<id>", "model id")
  .option("--home <dir>", "localnet home", ".nesa-home")
  .option("--from <name>", "owner account in localnet.json", "owner")
  .option("--mnemonic-file <file>", "owner key: a file holding a BIP-39 mnemonic")
  .option("--rpc <url>", "CometBFT RPC (default: localnet.json's)")
  .action(async (id: string, opts) => {
    const { deprecateModel } = await import("../../../client/src/publish/publish-model");
    const r = await deprecateModel({ modelId: id, home: opts.home, from: opts.from, mnemonicFile: opts.mnemonicFile, rpc: opts.rpc }, log);
    process.stdout.write(`${JSON.stringify(r)}\n`);
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
  .description("list the clean cut points of a model (one float32 tensor crossing); with --ee, whether EE can fold a permutation there")
  .addOption(new Option("--model <id>", "built-in model id").choices([...MODEL_IDS]).conflicts("onnx"))
  .option("--onnx <file>", "your own ONNX model")
  .option("--ee", "also check each cut for EE (prints ok or the node/op that refuses it)")
  .action(async (opts) => {
    if (!opts.model && !opts.onnx) throw new Error("pass --model ID or --onnx FILE");
    const model = loadOnnx(opts.onnx ?? modelPath(opts.model));
    const cuts = findCutPoints(model);
    let checks: Map<string, { ok: boolean; reason?: string }> | undefined;
    if (opts.ee) {
      const { eeShape } = await import("../generic/prepare-onnx");
      const { checkEECuts, generateEEKey } = await import("../ee/index");
      const id = opts.model ?? "cut-check";
      const key = generateEEKey(id, opts.model ? {} : { spec: await eeShape(model, opts.onnx) });
      checks = new Map(checkEECuts(model, cuts.map((c) => c.tensor.name), key).map((c) => [c.tensor, c]));
    }
    for (const c of cuts) {
      const check = checks?.get(c.tensor.name);
      process.stdout.write(`${c.nodeIndex}\t${c.tensor.name}${check ? `\t${check.ok ? "ee ok" : `ee refused: ${check.reason}`}` : ""}\n`);
    }
    log.info({ model: opts.model ?? opts.onnx, cutPoints: cuts.length }, "cut points listed");
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
