// The dispatcher's HTTP surface on 127.0.0.1 unless configured: PUT /v1/inputs/<queryId>, PUT
// /v1/inputs/sha256/<digest> (before paying) and, for HSS-EE, PUT /v1/inputs/<queryId>/shares/<replica> (bodies
// size-limited),
// GET /v1/tensors/<sha256> (a result tensor by digest, for clients without Redis: the browser; untrusted bytes the
// client checks against the verdict), GET /metrics (Prometheus), GET /healthz.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { DispatcherMetrics } from "../metrics/dispatcher-metrics";
import { ingestInput } from "./ingest";
import { ingestByDigest } from "./ingest-by-digest";
import { type IngestSharesDeps, ingestShares } from "./ingest-shares";
import { BodyTooLargeError, readBody } from "./read-body";

export type HealthCheck = () => Promise<{ ok: boolean; details: Record<string, unknown> }>;

export type DispatcherServerOptions = {
  host: string;
  port: number;
  maxInputBytes: number;
  metrics: DispatcherMetrics;
  ingest: IngestSharesDeps;
  health: HealthCheck;
  logger: Logger;
  /** The data plane's bytes under a hex sha256 (Redis), null when absent; without it GET /v1/tensors is 404. */
  tensor?: (digestHex: string) => Promise<Uint8Array | null>;
};

export type DispatcherServer = { url: string; port: number; close(): Promise<void> };

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(`${JSON.stringify(body)}\n`);

export async function startDispatcherServer(opts: DispatcherServerOptions): Promise<DispatcherServer> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    try {
      const byDigest = /^\/v1\/inputs\/sha256\/([^/]+)$/.exec(path);
      const shares = byDigest ? null : /^\/v1\/inputs\/([^/]+)\/shares\/([^/]+)$/.exec(path);
      const input = byDigest ?? shares ?? /^\/v1\/inputs\/([^/]+)$/.exec(path);
      if (input) {
        if (req.method !== "PUT") return json(res, 405, { error: "use PUT /v1/inputs/<queryId> with the encrypted input as the body" });
        let body: Buffer;
        try {
          body = await readBody(req, opts.maxInputBytes);
        } catch (err) {
          if (!(err instanceof BodyTooLargeError)) throw err;
          opts.metrics.ingestRejected.inc({ reason: "too-large" });
          // Close the connection: the rest of the body is not read.
          res.setHeader("connection", "close");
          return json(res, 413, { error: `${err.message}: raise --max-input-bytes if the model needs larger inputs`, reason: "too-large" });
        }
        if (byDigest) {
          const out = await ingestByDigest(opts.ingest, byDigest[1], body);
          opts.logger.info({ digest: byDigest[1].slice(0, 80), status: out.status, bytes: body.length, reason: out.body.reason }, "input upload by digest");
          return json(res, out.status, out.body);
        }
        const out = shares ? await ingestShares(opts.ingest, input[1], input[2], body) : await ingestInput(opts.ingest, input[1], body);
        opts.logger.info({ queryId: input[1], replica: shares?.[2], status: out.status, bytes: body.length, reason: out.body.reason }, shares ? "hss shares upload" : "input upload");
        return json(res, out.status, out.body);
      }
      if (req.method !== "GET") return json(res, 405, { error: "GET only here" });
      const tensor = /^\/v1\/tensors\/([0-9a-f]{64})$/.exec(path);
      if (tensor && opts.tensor) {
        const bytes = await opts.tensor(tensor[1]);
        if (!bytes) return json(res, 404, { error: `no tensor ${tensor[1]} in the data plane (expired, or not produced yet)` });
        return res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length }).end(bytes);
      }
      if (path === "/metrics") {
        const text = await opts.metrics.registry.metrics();
        return res.writeHead(200, { "content-type": opts.metrics.registry.contentType }).end(text);
      }
      if (path === "/healthz") {
        const h = await opts.health();
        return json(res, h.ok ? 200 : 503, { status: h.ok ? "ok" : "unhealthy", ...h.details });
      }
      return json(res, 404, { error: "not found: PUT /v1/inputs/<queryId>, PUT /v1/inputs/sha256/<digest>, GET /v1/tensors/<sha256>, GET /metrics, GET /healthz" });
    } catch (err) {
      opts.logger.error({ err, path }, "request failed");
      // Mostly the chain or Redis being unreachable: the client should retry.
      if (!res.headersSent) json(res, 503, { error: `${(err as Error).message}: retry later` });
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`port ${opts.port} on ${opts.host} is in use: pick another with --port`) : err),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
