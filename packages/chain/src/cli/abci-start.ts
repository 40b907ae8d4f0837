// `nesad start --abci ADDR`: the state machine behind CometBFT. The simulator's block timer and
// RPC stay off; CometBFT proposes and commits blocks and serves the RPC (abci_query comes here).
import type { Logger } from "pino";
import { AbciApp } from "../abci/adapter";
import { startAbciServer } from "../abci/server";

export async function abciStartCommand(o: { home: string; abci: string }, logger: Logger): Promise<void> {
  const app = await AbciApp.open({ home: o.home, logger: logger.child({ component: "abci" }) });
  let server: Awaited<ReturnType<typeof startAbciServer>>;
  try {
    server = await startAbciServer(o.abci, app.handle, logger);
  } catch (e) {
    await app.close();
    throw new Error(`cannot listen on ${o.abci} (${(e as Error).message}); is another nesad using it?`);
  }
  const last = app.app.lastCommitted();
  logger.info(
    { chainId: app.chainId, height: last.height.toString(), abci: server.address, validators: app.validators.size },
    "nesad started as an ABCI application; start CometBFT with proxy_app set to this address",
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await server.close();
    await app.close();
    logger.info({ height: app.app.lastCommitted().height.toString() }, "stopped");
    process.exit(process.exitCode ?? 0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
