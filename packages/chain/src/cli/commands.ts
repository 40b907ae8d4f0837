// The three nesad commands; nesad.ts only parses arguments and prints errors.
import type { Logger } from "pino";
import { type RestServer, startRestServer } from "../rest/index";
import { startRpcServer } from "../rpc/index";
import { NesaNode } from "../node/chain-node";
import { initHome } from "../node/init-home";
import { replay } from "../node/replay";
import { homePaths } from "../node/home";

export async function initCommand(o: { home: string; chainId: string; accounts: number }, logger: Logger): Promise<void> {
  const { genesis, accounts } = await initHome({ home: o.home, chainId: o.chainId, accounts: o.accounts });
  const p = homePaths(o.home);
  logger.info(
    { home: o.home, chainId: genesis.chain_id, genesis: p.genesis, accountsFile: p.accounts, accounts: accounts.map((a) => ({ name: a.name, address: a.address })) },
    "home initialised; the mnemonics in accounts.json are for local use only",
  );
}

export function parseLaddr(laddr: string, flag = "--rpc-laddr", example = "127.0.0.1:26657"): { host: string; port: number } {
  const m = /^(?:tcp:\/\/|https?:\/\/)?(\[[^\]]+\]|[^:]+):(\d+)$/.exec(laddr);
  if (!m) throw new Error(`${flag} "${laddr}" must look like ${example} (host:port)`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`${flag} port ${port} is out of range (0..65535)`);
  return { host: m[1].replace(/^\[|\]$/g, ""), port };
}

export async function startCommand(
  o: { home: string; rpcLaddr: string; blockTime: number; apiLaddr?: string },
  logger: Logger,
): Promise<void> {
  if (!Number.isInteger(o.blockTime) || o.blockTime < 10) throw new Error(`--block-time must be an integer ≥ 10 (ms), got ${o.blockTime}`);
  const { host, port } = parseLaddr(o.rpcLaddr);
  const api = o.apiLaddr ? parseLaddr(o.apiLaddr, "--api-laddr", "127.0.0.1:1317") : undefined;
  let halt: (err: Error) => void = () => undefined;
  const node = await NesaNode.open({
    home: o.home,
    blockTimeMs: o.blockTime,
    logger: logger.child({ component: "node" }),
    onHalt: (err) => halt(err),
  });
  let rpc: Awaited<ReturnType<typeof startRpcServer>>;
  let rest: RestServer | undefined;
  try {
    rpc = await startRpcServer(node, { host, port, logger });
  } catch (e) {
    await node.close();
    throw e;
  }
  try {
    if (api) rest = await startRestServer(node, { ...api, logger });
  } catch (e) {
    await rpc.close();
    await node.close();
    throw e;
  }
  logger.info(
    { chainId: node.chainId, height: node.latestHeight().toString(), rpc: rpc.url, rest: rest?.url, blockTimeMs: o.blockTime },
    "nesad started",
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await rest?.close();
    await rpc.close();
    await node.close();
    logger.info({ height: node.latestHeight().toString() }, "stopped");
    process.exit(process.exitCode ?? 0);
  };
  halt = (err) => {
    logger.fatal({ error: err.message }, "the node halted; fix the cause, then `pnpm nesad replay` and start again");
    process.exitCode = 1;
    void stop("halt");
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

export async function replayCommand(o: { home: string }, logger: Logger): Promise<boolean> {
  const report = await replay({ home: o.home, logger });
  const summary = { blocks: report.blocks, lastHeight: report.lastHeight.toString(), lastAppHash: report.lastAppHash };
  if (report.mismatchAt !== undefined) {
    logger.error({ ...summary, mismatchAt: report.mismatchAt.toString(), mismatch: report.mismatch }, "replay diverged from the stored chain");
    return false;
  }
  logger.info(summary, "replay reproduced every app hash");
  return true;
}
