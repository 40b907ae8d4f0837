// nesad: the Nesa chain simulator. `pnpm nesad --help`.
import { Command, InvalidArgumentError } from "commander";
import { cliLogger } from "./logger";
import { initCommand, replayCommand, startCommand } from "./commands";
import { simulateCommand } from "./simulate-command";
import { abciStartCommand } from "./abci-start";

function int(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

const logger = cliLogger();

function fail(e: unknown): void {
  logger.error({ error: (e as Error).message }, "nesad failed");
  process.exitCode = 1;
  // Exit even if something still holds the event loop; the delay lets pino flush.
  setTimeout(() => process.exit(1), 100).unref();
}

const program = new Command()
  .name("nesad")
  .description("Nesa chain simulator: Cosmos-style state machine (auth, bank, Nesa modules) behind a CometBFT JSON-RPC")
  .showHelpAfterError();

program
  .command("init")
  .description("create a home: genesis.json, the proposer key and funded test accounts (accounts.json, local use only)")
  .requiredOption("--home <dir>", "home directory to create")
  .option("--chain-id <id>", "chain id", "nesa-localnet-1")
  .option("--accounts <n>", "number of funded test accounts", int("--accounts"), 4)
  .action((o) => initCommand(o, logger).catch(fail));

program
  .command("start")
  .description("run the node: produce blocks and serve the RPC (and the REST API with --api-laddr)")
  .requiredOption("--home <dir>", "an initialised home (see `nesad init`)")
  .option("--rpc-laddr <host:port>", "RPC listen address", "127.0.0.1:26657")
  .option("--block-time <ms>", "milliseconds between blocks", int("--block-time"), 1000)
  .option("--api-laddr <host:port>", "also serve the Cosmos REST API (LCD) here, e.g. 127.0.0.1:1317 (default: off)")
  .option("--abci <addr>", "run behind CometBFT as an ABCI 2.0 app on unix:///path.sock or tcp://127.0.0.1:PORT (no own blocks or RPC; see docs/validators.md)")
  .action((o) => (o.abci ? abciStartCommand(o, logger) : startCommand(o, logger)).catch(fail));

program
  .command("replay")
  .description("re-execute every stored block from genesis and check each app hash (the node must be stopped)")
  .requiredOption("--home <dir>", "an initialised home")
  .action((o) =>
    replayCommand(o, logger)
      .then((ok) => {
        if (!ok) process.exitCode = 2;
      })
      .catch(fail),
  );

program.addCommand(simulateCommand());

program.parseAsync(process.argv).catch(fail);
