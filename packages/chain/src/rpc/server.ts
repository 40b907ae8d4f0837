// startRpcServer: the CometBFT-compatible JSON-RPC of nesad over node:http and `ws`.
// Binds 127.0.0.1 unless told otherwise: the RPC accepts txs, so exposing it is a choice.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { ChainNode } from "../node/types";
import { createRpcContext } from "./context";
import { createHttpHandler } from "./http-handler";
import { WebSocketHub } from "./websocket";

export interface RpcServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 26657; 0 picks a free port. */
  port?: number;
  /** Largest accepted request body (default 1,000,000 bytes, as CometBFT's max_body_bytes). */
  maxBodyBytes?: number;
  logger?: Logger;
  /** How long broadcast_tx_commit waits for inclusion (default 10 s, as CometBFT's timeout_broadcast_tx_commit). */
  broadcastCommitTimeoutMs?: number;
  /** Per WebSocket client (default 100). */
  maxSubscriptionsPerClient?: number;
}

export interface RpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_RPC_PORT = 26657;
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

function checkOptions(opts: RpcServerOptions): void {
  const port = opts.port ?? DEFAULT_RPC_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`rpc port must be an integer in 0..65535 (0 = any free port), got ${opts.port}`);
  }
  const max = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(max) || max < 1024) {
    throw new Error(`rpc maxBodyBytes must be an integer ≥ 1024, got ${opts.maxBodyBytes}`);
  }
}

export async function startRpcServer(node: ChainNode, opts: RpcServerOptions = {}): Promise<RpcServer> {
  checkOptions(opts);
  const host = opts.host ?? "127.0.0.1";
  const logger = (opts.logger ?? pino({ level: "info" })).child({ component: "rpc" });
  const server = createServer({ keepAliveTimeout: 30_000 });
  server.listen(opts.port ?? DEFAULT_RPC_PORT, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`rpc port ${opts.port ?? DEFAULT_RPC_PORT} on ${host} is already in use: stop the other node or pick another port`)
          : err,
      );
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  const ctx = createRpcContext(node, logger, `tcp://${urlHost}:${port}`, opts.broadcastCommitTimeoutMs ?? 10_000);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const hub = new WebSocketHub(ctx, {
    maxSubscriptionsPerClient: opts.maxSubscriptionsPerClient ?? 100,
    maxBufferedBytes: 16 << 20,
    maxPayloadBytes: maxBodyBytes,
  });
  server.on("request", createHttpHandler(ctx, maxBodyBytes));
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname === "/websocket") hub.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  logger.info({ url, websocket: `ws://${urlHost}:${port}/websocket` }, "rpc listening");

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closed ??= (async () => {
        ctx.dispose();
        await hub.close();
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await done;
        logger.info({ url }, "rpc closed");
      })();
      return closed;
    },
  };
}
