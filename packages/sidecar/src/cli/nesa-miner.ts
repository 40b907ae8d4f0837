#!/usr/bin/env -S npx tsx
// nesa-miner: the miner sidecar's command line. Heavy modules (onnxruntime, BullMQ, cosmjs clients) load only in
// the commands that need them, so `keys` and `--help` answer fast.
import { Command } from "commander";
import { loadConfig } from "../config/load-config";
import { resolveConfig } from "../config/miner-config";
import { createKeyFile, loadKeyFile } from "../keys/key-file";
import { createLogger } from "../logger";

const log = createLogger("nesa-miner");

const program = new Command()
  .name("nesa-miner")
  .description("Nesa miner sidecar: runs model shards for the network, commits and reveals results on chain.")
  .option("-c, --config <path>", "JSON config file (NESA_MINER_* environment variables override it)", process.env.NESA_MINER_CONFIG)
  .showHelpAfterError();

const config = () => loadConfig(program.opts().config);

const keys = program.command("keys").description("manage the miner's key file (created mode 0600; never printed)");
keys
  .command("add")
  .description("create a new key file at the config's keyFile; prints the address and encryption public key only")
  .option("--recover", "read an existing BIP-39 mnemonic from stdin instead of generating one")
  .action(async (opts: { recover?: boolean }) => {
    const cfg = await config();
    const mnemonic = opts.recover ? (await readStdin()).trim().split(/\s+/).join(" ") : undefined;
    const k = await createKeyFile(cfg.keyFile, mnemonic);
    console.log(JSON.stringify({ address: k.address, encryptionPubkey: k.encryptionPubkeyHex, keyFile: cfg.keyFile }));
    log.info({ keyFile: cfg.keyFile }, "key file created with mode 0600: back it up; it holds the only copy of the key");
  });
keys
  .command("show")
  .description("print the address and encryption public key of the key file")
  .action(async () => {
    const cfg = await config();
    const k = await loadKeyFile(cfg.keyFile);
    console.log(JSON.stringify({ address: k.address, encryptionPubkey: k.encryptionPubkeyHex, keyFile: cfg.keyFile }));
  });

program
  .command("register")
  .description("send MsgRegisterMiner: bond stake, list served models, publish the encryption key")
  .option("--stake <coin>", 'stake to bond, e.g. "1000000unes" (default: config stake)')
  .option("--models <ids>", "comma-separated model ids (default: config models)")
  .action(async (opts: { stake?: string; models?: string }) => {
    const base = await config();
    const cfg = resolveConfig({ ...(opts.stake ? { stake: opts.stake } : {}), ...(opts.models ? { models: opts.models.split(",").map((s) => s.trim()) } : {}) }, {}, "command line", base);
    const k = await loadKeyFile(cfg.keyFile);
    const { registerMiner } = await import("./register-miner");
    const sent = await registerMiner(cfg, k, log);
    console.log(JSON.stringify({ address: k.address, stake: cfg.stake, models: cfg.models, txHash: sent.hash, height: sent.height, alreadyRegistered: sent.alreadyDone }));
  });

program
  .command("serve")
  .description("opt in to more models without a restart: fetch and verify their shards into cacheDir, then MsgUpdateMiner (the running miner takes their seats)")
  .requiredOption("--models <ids>", "comma-separated model ids to add (registered on chain, e.g. by `nesa-models publish`)")
  .option("--drop <ids>", "comma-separated model ids to stop serving")
  .action(async (opts: { models: string; drop?: string }) => {
    const cfg = await config();
    const k = await loadKeyFile(cfg.keyFile);
    const { serveModels } = await import("./serve-models");
    const split = (v?: string) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);
    const r = await serveModels(cfg, k, split(opts.models), log, { drop: split(opts.drop) });
    console.log(JSON.stringify({ address: k.address, models: r.models, fetched: r.fetched.length, height: r.sent?.height ?? null }));
  });

program
  .command("start")
  .description("run the worker: take jobs from this miner's queue, run shards, commit and reveal; SIGTERM stops gracefully")
  .option("--byzantine", "TESTS ONLY: return perturbed outputs; refused unless the chain id is a localnet one")
  .action(async (opts: { byzantine?: boolean }) => {
    const base = await config();
    const cfg = opts.byzantine ? resolveConfig({ byzantine: true }, {}, "--byzantine", base) : base;
    if (cfg.byzantine) log.warn("BYZANTINE MODE: this miner returns wrong outputs on purpose (test only)");
    const { startChainMiner } = await import("../chain-miner");
    const miner = await startChainMiner(cfg, log);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down gracefully");
      miner.stop().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });

program
  .command("status")
  .description("show the miner's chain record, its queue counts and whether a local sidecar is healthy")
  .action(async () => {
    const cfg = await config();
    const k = await loadKeyFile(cfg.keyFile);
    const { minerStatus } = await import("./miner-status");
    console.log(JSON.stringify(await minerStatus(cfg, k.address), null, 2));
  });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

program.parseAsync().catch((err: Error & { details?: string }) => {
  log.error({ code: (err as { code?: unknown }).code }, err.message);
  process.exit(1);
});
