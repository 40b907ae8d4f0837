// Serves content-addressed shard files over HTTP: GET/HEAD /blobs/<sha256> and /healthz. With a `registry` (the
// chain) it also takes uploads through one gate (server/upload-gate.ts): PUT /blobs/<sha256>?model=<id> (whole),
// HEAD/PATCH /uploads/<sha256>?model=<id> (resumable), and POST /intents (an owner's signed pre-registration
// intent, when the registry can tell the chain's height). Without a registry the store is read-only.
import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { BlobDir } from "../blob-dir";
import { type IntentLimits, IntentStore } from "../intent/intent-store";
import { isSha256Hex } from "../sha256-hex";
import { send } from "./http-reply";
import { handleIntentPost } from "./intent-route";
import { partialPath } from "./receive-body";
import type { ModelRegistry } from "./registry";
import { handleUploadHead, handleUploadPatch } from "./resumable";
import { handlePut } from "./upload";
import { type Collected, UploadGate } from "./upload-gate";

export type ModelStoreServerOptions = {
  dir: string;
  /** Defaults to 127.0.0.1: exposing the store is an explicit choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
  /** Enables uploads of registered shards (PUT); the store stays read-only without it. */
  registry?: ModelRegistry;
  /** Largest blob accepted by an upload (default 2 GiB, the miners' maxShardBytes). */
  maxUploadBytes?: number;
  /** Upload intents: furthest expiry in blocks (600), bytes per intent (16 GiB), intents held at once (64), live ones per owner (8). */
  intentLimits?: Partial<Omit<IntentLimits, "maxBlobBytes">>;
  /** How often expired intents and what only they let in are dropped (default 60 s; 0: only by collectIntents). */
  collectIntervalMs?: number;
  /** A partial upload nobody appended to for this long is deleted at the next collection (default 24 h). */
  partialMaxAgeMs?: number;
};

export type ModelStoreServer = {
  url: string;
  port: number;
  /** Drops expired intents and stale partial uploads now (the timer does it too). */
  collectIntents(): Promise<Collected>;
  close(): Promise<void>;
};

const BLOB_PATH = /^\/blobs\/([^/]+)$/;
const UPLOAD_PATH = /^\/uploads\/([^/]+)$/;

function makeGate(blobs: BlobDir, opts: ModelStoreServerOptions): UploadGate | undefined {
  if (!opts.registry) return undefined;
  const limits: IntentLimits = { maxBlocks: 600, maxIntentBytes: 16 * 1024 ** 3, maxIntents: 64, maxIntentsPerOwner: 8, ...opts.intentLimits, maxBlobBytes: opts.maxUploadBytes ?? 2 * 1024 ** 3 };
  const withIntents = opts.registry.status !== undefined && opts.registry.listedBlobs !== undefined;
  const intents = withIntents ? new IntentStore(blobs.root, { blob: (sha) => blobs.pathOf(sha), partial: (sha) => partialPath(blobs, sha) }) : undefined;
  return new UploadGate(blobs, opts.registry, intents, limits);
}

export async function startModelStoreServer(opts: ModelStoreServerOptions): Promise<ModelStoreServer> {
  const blobs = new BlobDir(opts.dir);
  const log = opts.logger;
  const gate = makeGate(blobs, opts);
  const server: Server = createServer((req, res) => {
    handle(blobs, gate, req, res, opts).catch((err) => {
      log?.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });
  // Bound header sizes and idle sockets; uploads (PUT) of big shards get longer.
  server.maxHeadersCount = 50;
  server.headersTimeout = 10_000;
  server.requestTimeout = opts.registry ? 3_600_000 : 60_000;
  // A connection that goes silent (a network cut without a reset) would hold its blob's upload lock; after a
  // minute without bytes it is closed, and the upload resumes from what arrived.
  server.timeout = 60_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log?.info({ url, dir: blobs.root, uploads: gate !== undefined, intents: gate?.intents !== undefined }, "model store listening");
  const collectIntents = async () => {
    const r = (await gate?.collect(opts.partialMaxAgeMs ?? 24 * 3_600_000)) ?? { intents: [], deletedBlobs: [], stalePartials: [] };
    if (r.intents.length > 0 || r.stalePartials.length > 0) log?.info(r, "expired upload intents and stale partial uploads dropped");
    return r;
  };
  const interval = opts.collectIntervalMs ?? 60_000;
  const timer = gate && interval > 0 ? setInterval(() => void collectIntents().catch((err) => log?.warn({ err }, "intent collection failed")), interval) : undefined;
  timer?.unref();
  return {
    url,
    port,
    collectIntents,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(blobs: BlobDir, gate: UploadGate | undefined, req: IncomingMessage, res: ServerResponse, opts: ModelStoreServerOptions): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  const path = url.pathname;
  const model = url.searchParams.get("model");
  if (gate) {
    const blob = BLOB_PATH.exec(path)?.[1];
    const upload = UPLOAD_PATH.exec(path)?.[1];
    const sha = blob ?? upload;
    if (sha !== undefined && !isSha256Hex(sha) && req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 400, "the sha256 must be 64 lowercase hex characters: /blobs/<sha256>?model=<id>\n");
    }
    const done = () => opts.logger?.info({ method: req.method, sha256: sha, model, status: res.statusCode }, "upload");
    if (req.method === "PUT" && blob !== undefined) return handlePut(gate, blob, model, req, res).then(done);
    if (req.method === "PATCH" && upload !== undefined && isSha256Hex(upload)) return handleUploadPatch(gate, upload, model, req, res).then(done);
    if (req.method === "HEAD" && upload !== undefined && isSha256Hex(upload)) return handleUploadHead(gate, upload, model, res);
    if (req.method === "POST" && path === "/intents") return handleIntentPost(gate, req, res).then(done);
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", gate ? "GET, HEAD, PUT, PATCH, POST" : "GET, HEAD");
    return send(res, 405, gate ? "only GET/HEAD /blobs/<sha256>, PUT /blobs/<sha256>?model=<id>, HEAD/PATCH /uploads/<sha256>?model=<id> and POST /intents are allowed\n" : "the model store is read-only: only GET and HEAD are allowed (start it with --rpc to accept registered shards)\n");
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
