// Sends pre-built JSON-RPC bodies over a few keep-alive HTTP connections. Each lane is sent in
// order, one request in flight per lane, so per-account sequences stay ordered within a lane.
import { Agent, request } from "node:http";

export interface LaneResult {
  sent: number;
  /** JSON-RPC replies (batch members too) whose result.code was not 0, or that carried an error. */
  rejected: { index: number; reply: string }[];
}

function post(agent: Agent, url: URL, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: "/",
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Builds a broadcast request once, outside any timed section. */
export function broadcastBody(method: "broadcast_tx_sync" | "broadcast_tx_async", id: number, tx: Uint8Array): string {
  return `{"jsonrpc":"2.0","id":${id},"method":"${method}","params":{"tx":"${Buffer.from(tx).toString("base64")}"}}`;
}

/** Groups requests into JSON-RPC batches of `size` (1 = plain requests), keeping their order. */
export function batchBodies(requests: string[], size: number): string[] {
  if (size <= 1) return requests;
  const out: string[] = [];
  for (let i = 0; i < requests.length; i += size) out.push(`[${requests.slice(i, i + size).join(",")}]`);
  return out;
}

/** Runs every lane concurrently over its own keep-alive connection. */
export async function sendLanes(rpcUrl: string, lanes: string[][]): Promise<LaneResult[]> {
  const url = new URL(rpcUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: lanes.length });
  try {
    return await Promise.all(
      lanes.map(async (bodies) => {
        const result: LaneResult = { sent: 0, rejected: [] };
        for (let i = 0; i < bodies.length; i++) {
          const reply = await post(agent, url, bodies[i]);
          result.sent++;
          const parsed = JSON.parse(reply) as { result?: { code?: number } } | { result?: { code?: number } }[];
          for (const r of Array.isArray(parsed) ? parsed : [parsed]) {
            if (r.result?.code !== 0) result.rejected.push({ index: i, reply: JSON.stringify(r) });
          }
        }
        return result;
      }),
    );
  } finally {
    agent.destroy();
  }
}
