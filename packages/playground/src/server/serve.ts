// The playground's HTTP server on 127.0.0.1: the built page (dist/), /api/localnet (public facts of the
// localnet, and its test accounts in dev mode), /api/ee-key/<model> (the home's EE keys, for the page's own SDK
// to encrypt and decrypt with; this server is the user's, on loopback, next to the home), and same-origin
// proxies to the localnet's RPC, REST API and dispatcher.
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { LocalnetNotReady, eeKeyFiles, pageConfig, readHome } from "./localnet-config";
import { DIST_DIR } from "./paths";
import { proxyHttp, proxyUpgrade } from "./proxy";

export type PlaygroundServerOptions = { home: string; port?: number; host?: string; devMode?: boolean };
export type PlaygroundServer = { url: string; server: Server; close(): Promise<void> };

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png" };

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

function serveStatic(res: ServerResponse, pathname: string) {
  const rel = normalize(pathname === "/" ? "/index.html" : pathname).replace(/^(\.\.[/\\])+/, "");
  const file = join(DIST_DIR, rel);
  if (!file.startsWith(DIST_DIR)) return json(res, 404, { error: "not found" });
  try {
    const body = readFileSync(file);
    // Hashed asset names never change content; index.html must be re-read after a rebuild.
    const cache = rel.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": cache });
    res.end(body);
  } catch {
    json(res, 404, { error: `${pathname} not found` });
  }
}

/** Which upstream a proxied path goes to, and the path there. */
function route(home: string, pathname: string, search: string): { target: string; path: string } | undefined {
  const m = /^\/(rpc|rest|dispatcher)(\/.*)?$/.exec(pathname);
  if (!m) return undefined;
  const info = readHome(home);
  const target = m[1] === "rpc" ? info.rpc : m[1] === "rest" ? info.rest : info.dispatcherUrl;
  if (!target) throw new LocalnetNotReady(`this localnet has no ${m[1]} endpoint (a --validators localnet serves no REST API)`);
  return { target, path: `${m[2] ?? "/"}${search}` };
}

function handle(o: Required<PlaygroundServerOptions>, origin: () => string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://playground");
  try {
    if (url.pathname === "/healthz") return json(res, 200, { ok: true });
    if (url.pathname === "/api/localnet") return json(res, 200, pageConfig(o.home, origin(), o.devMode));
    const key = /^\/api\/ee-key\/([\w.-]+)$/.exec(url.pathname);
    if (key) {
      const file = eeKeyFiles(o.home, readHome(o.home)).get(key[1]);
      if (!file) return json(res, 404, { error: `no EE key for model ${key[1]} in ${o.home}` });
      return json(res, 200, JSON.parse(readFileSync(file, "utf8")));
    }
    const proxied = route(o.home, url.pathname, url.search);
    if (proxied) return proxyHttp(req, res, proxied.target, proxied.path);
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "method not allowed" });
    serveStatic(res, url.pathname);
  } catch (err) {
    if (err instanceof LocalnetNotReady) return json(res, 503, { error: err.message });
    json(res, 500, { error: err instanceof Error ? err.message.split("\n")[0] : String(err) });
  }
}

/**
 * @example
 * const pg = await startPlaygroundServer({ home: ".nesa-home", port: 0 });
 * console.log(pg.url);
 */
export async function startPlaygroundServer(opts: PlaygroundServerOptions): Promise<PlaygroundServer> {
  const o = { port: 0, host: "127.0.0.1", devMode: true, ...opts };
  let url = "";
  const server = createServer((req, res) => handle(o, () => url, req, res));
  server.on("upgrade", (req, socket, head) => {
    try {
      const u = new URL(req.url ?? "/", "http://playground");
      const proxied = u.pathname === "/rpc/websocket" ? route(o.home, u.pathname, u.search) : undefined;
      if (!proxied) return void socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      proxyUpgrade(req, socket, head, proxied.target, proxied.path);
    } catch {
      socket.end("HTTP/1.1 503 Service Unavailable\r\n\r\n");
    }
  });
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("the playground server has no TCP address");
  url = `http://${o.host}:${addr.port}`;
  return { url, server, close: () =>
      new Promise((r) => {
        server.close(() => r());
        // Proxied WebSockets stay open otherwise.
        server.closeAllConnections();
      }),
  };
}
