// Serves content-addressed shard files over HTTP: GET/HEAD /blobs/<sha256> and /healthz. With a `registry` (the
// chain), PUT /blobs/<sha256>?model=<id> accepts a registered model's shards (server/upload.ts); without one the
// store is read-only.
import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { BlobDir } from "../blob-dir";
import { isSha256Hex } from "../sha256-hex";
import { handleUpload, type ModelRegistry } from "./upload";

export type ModelStoreServerOptions = {
  dir: string;
  /** Defaults to 127.0.0.1: exposing the store is an explicit choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
  /** Enables uploads of registered shards (PUT); the store stays read-only without it. */
  registry?: ModelRegistry;
  /** Largest blob accepted by PUT (default 2 GiB, the miners' maxShardBytes). */
  maxUploadBytes?: number;
};

export type ModelStoreServer = {
  url: string;
  port: number;
  close(): Promise<void>;
};

const BLOB_PATH = /^\/blobs\/([^/]+)$/;

export async function startModelStoreServer(opts: ModelStoreServerOptions): Promise<ModelStoreServer> {
  const blobs = new BlobDir(opts.dir);
  const log = opts.logger;
  const server: Server = createServer((req, res) => {
    handle(blobs, req, res, opts).catch((err) => {
      log?.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });
  // Bound header sizes and idle sockets; uploads (PUT) of big shards get longer.
  server.maxHeadersCount = 50;
  server.headersTimeout = 10_000;
  server.requestTimeout = opts.registry ? 3_600_000 : 60_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log?.info({ url, dir: blobs.root }, "model store listening");
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(blobs: BlobDir, req: IncomingMessage, res: ServerResponse, opts: ModelStoreServerOptions): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  const path = url.pathname;
  if (req.method === "PUT" && opts.registry) {
    const m = BLOB_PATH.exec(path);
    if (!m || !isSha256Hex(m[1])) return send(res, 400, "PUT /blobs/<sha256>?model=<id>: the sha256 must be 64 lowercase hex characters\n");
    const r = await handleUpload(blobs, opts.registry, opts.maxUploadBytes ?? 2 * 1024 ** 3, m[1], url.searchParams.get("model"), req);
    opts.logger?.info({ sha256: m[1], model: url.searchParams.get("model"), status: r.status }, "upload");
    return send(res, r.status, r.body);
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", opts.registry ? "GET, HEAD, PUT" : "GET, HEAD");
    return send(res, 405, opts.registry ? "only GET, HEAD and PUT /blobs/<sha256>?model=<id> are allowed\n" : "the model store is read-only: only GET and HEAD are allowed (start it with --rpc to accept registered shards)\n");
  }
  if (path === "/healthz") return send(res, 200, "ok\n");
  const m = BLOB_PATH.exec(path);
  if (!m) return send(res, 404, "not found: use GET /blobs/<sha256>\n");
  const sha256 = m[1];
  if (!isSha256Hex(sha256)) return send(res, 400, "bad sha256: expected 64 lowercase hex characters\n");
  const size = await blobs.sizeOf(sha256);
  if (size === undefined) return send(res, 404, `no blob ${sha256} in this store\n`);
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(size),
    // Content-addressed: the bytes behind a hash never change.
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${sha256}"`,
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(blobs.pathOf(sha256));
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
