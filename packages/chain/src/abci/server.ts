// The ABCI socket server: `unix:///path/to.sock` or `tcp://127.0.0.1:PORT` (CometBFT's proxy_app).
import { existsSync, unlinkSync } from "node:fs";
import { type Server, type Socket, createServer } from "node:net";
import type { Logger } from "pino";
import { type AbciHandler, serveConnection } from "./connection";

export type AbciAddress = { kind: "unix"; path: string } | { kind: "tcp"; host: string; port: number };

export function parseAbciAddress(addr: string): AbciAddress {
  const unix = /^unix:\/\/(.+)$/.exec(addr);
  if (unix) return { kind: "unix", path: unix[1] };
  const tcp = /^tcp:\/\/([^:]+):(\d+)$/.exec(addr);
  if (tcp && Number(tcp[2]) <= 65535) return { kind: "tcp", host: tcp[1], port: Number(tcp[2]) };
  throw new Error(`--abci "${addr}" must be unix:///path/to/abci.sock or tcp://127.0.0.1:PORT`);
}

export interface AbciServer {
  address: string;
  close(): Promise<void>;
}

export async function startAbciServer(addr: string, handle: AbciHandler, logger: Logger): Promise<AbciServer> {
  const a = parseAbciAddress(addr);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    logger.debug({ connections: sockets.size }, "CometBFT connected");
    serveConnection(socket, handle, logger);
  });
  // A stale socket file from a killed process would make listen fail with EADDRINUSE.
  if (a.kind === "unix" && existsSync(a.path)) unlinkSync(a.path);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (a.kind === "unix") server.listen(a.path, resolve);
    else server.listen(a.port, a.host, resolve);
  });
  return {
    address: addr,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
