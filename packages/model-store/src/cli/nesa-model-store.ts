#!/usr/bin/env -S npx tsx
// nesa-model-store: import shard files under their sha256 and serve them over HTTP (read-only, or with --rpc
// taking registered models' shards and owners' signed upload intents).
import { Command, InvalidArgumentError } from "commander";
import { BlobDir } from "../blob-dir";
import { createLogger } from "../logger";
import { startModelStoreServer } from "../server/model-store-server";

const log = createLogger("nesa-model-store");

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number 0-65535");
  return n;
}

const program = new Command()
  .name("nesa-model-store")
  .description("Content-addressed store for model shards: files are named by their sha256 and served read-only.");

program
  .command("serve")
  .description("serve the blobs in --dir at GET /blobs/<sha256> (and /healthz)")
  .requiredOption("--dir <path>", "blob directory (files named by sha256)", process.env.NESA_MODEL_STORE_DIR)
  .option("--host <host>", "address to bind; keep 127.0.0.1 unless miners run elsewhere", "127.0.0.1")
  .option("--port <port>", "port to listen on (0 = any free port)", port, 8090)
  .option("--rpc <url>", "accept uploads (PUT /blobs, resumable HEAD/PATCH /uploads) of shards registered on this chain or listed by an owner's signed intent (POST /intents); without it the store is read-only")
  .option("--max-upload-bytes <n>", "largest shard accepted", (v) => Number(v), 2 * 1024 ** 3)
  .option("--max-intent-blocks <n>", "furthest expiry of an upload intent, in blocks after the current height", (v) => Number(v), 600)
  .option("--max-intent-bytes <n>", "sum of the blob sizes one upload intent may name", (v) => Number(v), 16 * 1024 ** 3)
  .option("--max-intents <n>", "upload intents held at once", (v) => Number(v), 64)
  .option("--max-intents-per-owner <n>", "live upload intents one owner may hold", (v) => Number(v), 8)
  .action(async (opts: { dir: string; host: string; port: number; rpc?: string; maxUploadBytes: number; maxIntentBlocks: number; maxIntentBytes: number; maxIntents: number; maxIntentsPerOwner: number }) => {
    // The chain lookup lives with the client's query code (imported by path, as the localnet does).
    const registry = opts.rpc ? await (await import("../../../client/src/publish/chain-model-registry")).chainModelRegistry(opts.rpc) : undefined;
    const intentLimits = { maxBlocks: opts.maxIntentBlocks, maxIntentBytes: opts.maxIntentBytes, maxIntents: opts.maxIntents, maxIntentsPerOwner: opts.maxIntentsPerOwner };
    const server = await startModelStoreServer({ dir: opts.dir, host: opts.host, port: opts.port, logger: log, registry, maxUploadBytes: opts.maxUploadBytes, intentLimits });
    const stop = async () => {
      log.info("shutting down");
      await server.close();
      registry?.close();
      process.exit(0);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });

program
  .command("import")
  .description("copy files into the store under their sha256 and print {file, sha256, sizeBytes} JSON lines")
  .requiredOption("--dir <path>", "blob directory", process.env.NESA_MODEL_STORE_DIR)
  .argument("<files...>", "files to import")
  .action(async (files: string[], opts: { dir: string }) => {
    const blobs = new BlobDir(opts.dir);
    for (const file of files) console.log(JSON.stringify({ file, ...(await blobs.importFile(file)) }));
  });

program
  .command("import-manifest")
  .description("import every shard a `nesa-models prepare` manifest lists, checking each against its sha256")
  .requiredOption("--dir <path>", "blob directory", process.env.NESA_MODEL_STORE_DIR)
  .argument("<manifest>", "path to manifest.json")
  .action(async (manifest: string, opts: { dir: string }) => {
    const infos = await new BlobDir(opts.dir).importManifest(manifest);
    for (const info of infos) console.log(JSON.stringify(info));
  });

program.parseAsync().catch((err: Error) => {
  log.error({ err }, err.message);
  process.exit(1);
});
