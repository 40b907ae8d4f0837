// Test helper: an HTTP proxy in front of a CometBFT RPC that counts the JSON-RPC requests passing through it, by
// method (abci_query by its path), so a test can check what a component really asks the node for. WebSocket
// upgrades are piped through uncounted (the follower's NewBlock subscription).
import { type IncomingMessage, createServer } from "node:http";
import { connect } from "node:net";

export type CountingProxy = {
  url: string;
  /** Requests so far: "block", "block_results", "abci_query /nesa.inference.v1.Query/Query", … */
  counts: Map<string, number>;
  count(key: string): number;
  reset(): void;
  close(): Promise<void>;
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  const counts = new Map<string, number>();
  const tally = (call: { method?: string; params?: { path?: string } }) => {
    const key = call.method === "abci_query" ? `abci_query ${call.params?.path ?? ""}` : String(call.method ?? "?");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    try {
      const parsed = JSON.parse(body.toString() || "null") as unknown;
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) if (call) tally(call);
    } catch {
      counts.set("?", (counts.get("?") ?? 0) + 1); // a GET-style URI request: counted, not decoded
    }
    const upstream = await fetch(new URL(req.url ?? "/", to), { method: req.method, headers: { "content-type": "application/json" }, body: req.method === "GET" ? undefined : new Uint8Array(body) });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  const piped = new Set<{ destroy(): void }>();
  server.on("upgrade", (req, socket, head) => {
    const up = connect(Number(to.port), to.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const drop = () => {
      up.destroy();
      socket.destroy();
    };
    up.on("error", drop);
    socket.on("error", drop);
    socket.on("close", drop);
    up.on("close", drop);
    piped.add(up).add(socket);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    count: (key) => counts.get(key) ?? 0,
    reset: () => counts.clear(),
    close: () =>
      new Promise<void>((r) => {
        for (const s of piped) s.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
