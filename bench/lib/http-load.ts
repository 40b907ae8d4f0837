// Sends pre-built JSON-RPC bodies over a few keep-alive HTTP connections. Each lane is sent in
// order, one request in flight per lane, so per-account sequences stay ordered within a lane.
import { Agent, request } from "node:http";

export interface LaneResult {
  sent: number;
  /** JSON-RPC replies whose result.code was not 0, or that carried an error. */
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

/** Builds a broadcast body once, outside any timed section. */
export function broadcastBody(method: "broadcast_tx_sync" | "broadcast_tx_async", id: number, tx: Uint8Array): string {
  return `{"jsonrpc":"2.0","id":${id},"method":"${method}","params":{"tx":"${Buffer.from(tx).toString("base64")}"}}`;
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
          const parsed = JSON.parse(reply) as { result?: { code?: number } };
          if (parsed.result?.code !== 0) result.rejected.push({ index: i, reply });
        }
        return result;
      }),
    );
  } finally {
    agent.destroy();
  }
}
