// startRestServer: the Cosmos SDK's REST API (grpc-gateway routes) for Keplr and explorers,
// over node:http. 127.0.0.1 unless told otherwise; CORS for browser dApps; bodies limited.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { ChainNode } from "../node/types";
import { stringify } from "../rpc/encode";
import { addCosmosRoutes } from "./cosmos-routes";
import { GRPC, RestError } from "./errors";
import { addNesaRoutes } from "./nesa-routes";
import { RestRouter } from "./router";
import { addTendermintRoutes } from "./tendermint-routes";
import { addTxRoutes } from "./tx-routes";

export interface RestServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1317; 0 picks a free port. */
  port?: number;
  /** Largest accepted POST body (default 1,000,000 bytes). */
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface RestServer {
  url: string;
  port: number;
  router: RestRouter;
  close(): Promise<void>;
}

export const DEFAULT_REST_PORT = 1317;

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "86400",
};

export function createRestRouter(listenAddr: () => string = () => ""): RestRouter {
  const router = new RestRouter();
  addCosmosRoutes(router);
  addTxRoutes(router);
  addTendermintRoutes(router, listenAddr);
  addNesaRoutes(router);
  return router;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = stringify(body);
  res.writeHead(status, { ...CORS, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Past this many times the limit an oversize body is no longer drained: the connection is cut. */
const DRAIN_FACTOR = 4;

function readBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => new RestError(GRPC.RESOURCE_EXHAUSTED, `request body too large: more than ${limit} bytes`);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        if (size > limit * DRAIN_FACTOR) {
          reject(tooLarge());
          req.destroy();
        }
        return;
      }
      chunks.push(c);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > limit) return reject(tooLarge());
      const text = Buffer.concat(chunks).toString("utf8").trim();
      if (text === "") return resolve({});
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
        resolve(parsed as Record<string, unknown>);
      } catch (e) {
        reject(new RestError(GRPC.INVALID_ARGUMENT, `body must be a JSON object: ${(e as Error).message}`));
      }
    });
  });
}

export async function startRestServer(node: ChainNode, opts: RestServerOptions = {}): Promise<RestServer> {
  const host = opts.host ?? "127.0.0.1";
  const limit = opts.maxBodyBytes ?? 1_000_000;
  const logger = (opts.logger ?? pino({ level: "info" })).child({ component: "rest" });
  let listenAddr = "";
  const router = createRestRouter(() => listenAddr);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = router.match(req.method ?? "GET", url.pathname);
    if (m === undefined) throw new RestError(GRPC.UNIMPLEMENTED, `Not Implemented: no route ${url.pathname}; GET / lists the routes`);
    if (m === "methodNotAllowed") throw new RestError(GRPC.UNIMPLEMENTED, `Method Not Allowed: ${req.method} ${url.pathname}`);
    const body = req.method === "POST" ? await readBody(req, limit) : {};
    send(res, 200, await m.route.handler({ node, path: m.path, query: url.searchParams, body }));
  };
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const url = req.url ?? "/";
    if (req.method === "GET" && (url === "/" || url === "")) {
      send(res, 200, { routes: router.list().map((r) => `${r.method} ${r.template}`) });
      return;
    }
    handle(req, res).catch((err) => {
      if (res.headersSent) return;
      if (err instanceof RestError) return send(res, err.httpStatus, err.body());
      logger.error({ err, url }, "rest request failed");
      send(res, 500, { code: GRPC.INTERNAL, message: (err as Error)?.message ?? String(err), details: [] });
    });
  });
  server.listen(opts.port ?? DEFAULT_REST_PORT, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`rest port ${opts.port ?? DEFAULT_REST_PORT} on ${host} is already in use: pick another --api-laddr`) : err),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  listenAddr = `tcp://${urlHost}:${port}`;
  const url = `http://${urlHost}:${port}`;
  logger.info({ url }, "rest listening");
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    router,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
