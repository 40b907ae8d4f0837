// HTTP side of the RPC: CORS, JSON-RPC POSTs (single and batch) with a body limit, and
// CometBFT-style URI GETs (`GET /status`, `GET /abci_query?path="…"`) for curl and Keplr.
// Every reply is HTTP 200 (except the 204 preflight): cosmjs drops the body of any status ≥ 400.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RpcContext } from "./context";
import { callMethod, handleBody, methodNames } from "./dispatch";
import { stringify } from "./encode";
import { errorResponse, INVALID_REQUEST, sniffId } from "./jsonrpc";
import { paramsFromSearch } from "./params";

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "86400",
};

/** Past this many bytes we stop draining an oversize body and close the connection. */
const DRAIN_FACTOR = 4;

function send(res: ServerResponse, body: string, close = false): void {
  const headers: Record<string, string | number> = {
    ...CORS_HEADERS,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  };
  if (close) headers.Connection = "close";
  res.writeHead(200, headers);
  res.end(body);
}

function tooLarge(size: number, limit: number): string {
  return `request body too large: more than ${limit} bytes (got at least ${size}). ` +
    `Send smaller requests; a tx must fit in the node's max body size`;
}

function readPost(ctx: RpcContext, req: IncomingMessage, res: ServerResponse, limit: number): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let head = "";
  let oversize = false;
  let answered = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (head.length < 1024) head += chunk.toString("utf8", 0, Math.min(chunk.length, 1024));
    if (size > limit) {
      oversize = true;
      chunks.length = 0;
      // Drain a little so the client reads our reply rather than a reset; give up on huge bodies.
      if (size > limit * DRAIN_FACTOR && !answered) {
        answered = true;
        send(res, stringify(errorResponse(sniffId(head), INVALID_REQUEST, tooLarge(size, limit))), true);
        req.destroy();
      }
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (answered) return;
    answered = true;
    if (oversize) {
      send(res, stringify(errorResponse(sniffId(head), INVALID_REQUEST, tooLarge(size, limit))));
      return;
    }
    handleBody(ctx, Buffer.concat(chunks).toString("utf8")).then(
      (body) => send(res, body),
      (err) => {
        ctx.logger.error({ err }, "rpc request failed");
        if (!res.headersSent) res.destroy();
      },
    );
  });
  req.on("error", (err) => ctx.logger.debug({ err }, "rpc request stream error"));
}

async function handleGet(ctx: RpcContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = url.pathname.replace(/^\/+/, "");
  if (method === "") {
    send(res, stringify({ jsonrpc: "2.0", id: -1, result: { methods: methodNames(), websocket: "/websocket" } }));
    return;
  }
  if (method === "websocket") {
    send(res, stringify(errorResponse(-1, INVALID_REQUEST, "/websocket needs a WebSocket upgrade request")));
    return;
  }
  send(res, stringify(await callMethod(ctx, -1, method, paramsFromSearch(url.searchParams))));
}

export function createHttpHandler(ctx: RpcContext, maxBodyBytes: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method === "POST") {
      readPost(ctx, req, res, maxBodyBytes);
      return;
    }
    if (req.method === "GET") {
      handleGet(ctx, req, res).catch((err) => {
        ctx.logger.error({ err }, "rpc GET failed");
        if (!res.headersSent) res.destroy();
      });
      return;
    }
    send(res, stringify(errorResponse(-1, INVALID_REQUEST, `HTTP ${req.method} is not supported: use POST or GET`)));
  };
}
