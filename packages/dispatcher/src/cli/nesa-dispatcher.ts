#!/usr/bin/env -S npx tsx
// nesa-dispatcher: follows a nesad chain and fills the miners' BullMQ queues. `pnpm nesa-dispatcher --help`.
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_PORT, defaultConfig, resolveConfig } from "../config";
import { startDispatcher } from "../dispatcher-service";
import { createLogger } from "../logger";

const int = (flag: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${flag} must be a non-negative integer`);
  return Number(v);
};

const logger = createLogger();
const d = defaultConfig();

const program = new Command()
  .name("nesa-dispatcher")
  .description("Follows the chain and enqueues the shard-0 jobs of assigned queries in the seat miners' BullMQ queues; rebuilds pending jobs and inputs when Redis loses its data")
  .showHelpAfterError();

program
  .command("start")
  .description("run the dispatcher: chain follower, input ingest (PUT /v1/inputs/<queryId>), /metrics and /healthz")
  .requiredOption("--rpc <url>", "CometBFT RPC of a nesad node, e.g. http://127.0.0.1:26657")
  .requiredOption("--redis <url>", "Redis URL, e.g. redis://127.0.0.1:6379 (see localnet/ensure-redis.sh), or a Redis Cluster: redis-cluster://host:port,host:port (REDIS_CLUSTER_NODES=host:port,… in the environment wins)")
  .requiredOption("--spool <dir>", "directory for ingested (encrypted) inputs, used to restore them after Redis data loss")
  .option("--host <host>", "HTTP bind address", d.host)
  .option("--port <port>", `HTTP port (0 = any free port)`, int("--port"), DEFAULT_PORT)
  .option("--redis-prefix <prefix>", "Redis key prefix of the network (must match the miners')", d.redisPrefix)
  .option("--max-input-bytes <n>", "largest accepted input upload", int("--max-input-bytes"), d.maxInputBytes)
  .option("--input-ttl <seconds>", "TTL of inputs put into Redis", int("--input-ttl"), d.inputTtlSeconds)
  .option("--poll-ms <ms>", "status polling period while the WebSocket is down", int("--poll-ms"), d.pollIntervalMs)
  .action(async (o) => {
    const cfg = resolveConfig({
      rpcUrl: o.rpc,
      redisUrl: o.redis,
      spoolDir: o.spool,
      host: o.host,
      port: o.port,
      redisPrefix: o.redisPrefix,
      maxInputBytes: o.maxInputBytes,
      inputTtlSeconds: o.inputTtl,
      pollIntervalMs: o.pollMs,
    });
    const running = await startDispatcher(cfg, logger);
    // Print the URL on stdout (logs go to stderr) so scripts can pick up a port chosen with --port 0.
    process.stdout.write(`${running.url}\n`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "stopping");
      running.close().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, "unclean stop");
          process.exit(1);
        },
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });

program.parseAsync(process.argv).catch((err: Error) => {
  logger.error({ error: err.message }, "nesa-dispatcher failed");
  // Let pino flush before exiting.
  setTimeout(() => process.exit(1), 50);
});
