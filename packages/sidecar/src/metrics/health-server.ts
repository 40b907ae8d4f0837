// /metrics (Prometheus text) and /healthz on 127.0.0.1 unless configured otherwise. GET only, no request bodies.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { MinerMetrics } from "./miner-metrics";

export type HealthCheck = () => Promise<{ ok: boolean; details: Record<string, unknown> }>;

export type HealthServer = { url: string; port: number; close(): Promise<void> };

export async function startHealthServer(opts: { host: string; port: number; metrics: MinerMetrics; health: HealthCheck }): Promise<HealthServer> {
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (req.method !== "GET") {
        res.writeHead(405, { allow: "GET" }).end("GET only\n");
      } else if (path === "/metrics") {
        const body = await opts.metrics.registry.metrics();
        res.writeHead(200, { "content-type": opts.metrics.registry.contentType }).end(body);
      } else if (path === "/healthz") {
        const h = await opts.health();
        res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: h.ok ? "ok" : "unhealthy", ...h.details }));
      } else {
        res.writeHead(404).end("not found: try /metrics or /healthz\n");
      }
    } catch (err) {
      res.writeHead(500).end(`${(err as Error).message}\n`);
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
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
