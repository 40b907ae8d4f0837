// Same-origin proxies from the playground server to the localnet: /rpc → nesad's RPC (HTTP and the
// /rpc/websocket upgrade), /rest → the REST API, /dispatcher → the dispatcher. The page then needs no CORS from
// any service, and the localnet's ports stay wherever localnet.json says. Bodies are capped both ways.
import { type IncomingMessage, type ServerResponse, request } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";

/** Largest request body forwarded (an OCR input with its HSS shares is well under this). */
export const MAX_PROXY_BODY = 16 * 1024 * 1024;

/** `path` under the target's own path (a service mounted at http://host/prefix keeps its prefix). */
const under = (target: string, path: string): URL => {
  const base = new URL(target);
  return new URL(`${base.pathname.replace(/\/+$/, "")}${path}`, base);
};

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "host"]);

/** Forwards `req` to `target` + `path` and streams the answer back. */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: string, path: string): void {
  const url = under(target, path);
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_PROXY_BODY) {
    res.writeHead(413, { "content-type": "application/json" }).end(JSON.stringify({ error: `body larger than ${MAX_PROXY_BODY} bytes` }));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  const upstream = request(url, { method: req.method, headers }, (up) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on("error", (err) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `the localnet service at ${url.origin} did not answer (${err.message}): is the localnet running?` }));
  });
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_PROXY_BODY) {
      upstream.destroy();
      if (!res.headersSent) res.writeHead(413, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `body larger than ${MAX_PROXY_BODY} bytes` }));
      req.destroy();
    }
  });
  req.pipe(upstream);
}

/** Passes a WebSocket upgrade through to `target` + `path` as raw bytes (the RPC's /websocket). */
export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: string, path: string): void {
  const url = under(target, path);
  const up = connect(Number(url.port || 80), url.hostname, () => {
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i].toLowerCase() !== "host") lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    up.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length > 0) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  const close = () => {
    up.destroy();
    socket.destroy();
  };
  up.on("error", close);
  socket.on("error", close);
  up.on("close", close);
  socket.on("close", close);
}
