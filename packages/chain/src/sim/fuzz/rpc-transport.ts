// How the RPC fuzzer talks to a node: raw node:http POSTs and GETs (so malformed and oversize
// bodies go out as they are) and one WebSocket, each with a deadline: no answer in time is a hang.
import { Agent, request } from "node:http";
import WebSocket from "ws";

export type Reply = { status: number; body: string } | { error: string };

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function httpCall(url: string, method: "GET" | "POST", path: string, body: Uint8Array | string | undefined, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Reply) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const req = request(`${url}${path}`, { method, agent, headers: body === undefined ? {} : { "Content-Type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => finish({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    });
    const timer = setTimeout(() => {
      finish({ error: "TIMEOUT" });
      req.destroy();
    }, timeoutMs);
    req.on("error", (e) => finish({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** A WebSocket that answers one frame at a time: the next message, or how the socket closed. */
export class WsLine {
  private ws?: WebSocket;
  private waiting?: (r: { message: string } | { closed: number }) => void;

  constructor(private readonly url: string) {}

  private async open(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return this.ws;
    const ws = new WebSocket(`${this.url.replace(/^http/, "ws")}/websocket`);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.on("message", (data) => this.waiting?.({ message: data.toString() }));
    ws.on("close", (code) => this.waiting?.({ closed: code }));
    ws.on("error", () => undefined); // a close follows
    this.ws = ws;
    return ws;
  }

  async send(payload: Uint8Array | string, binary: boolean, timeoutMs: number): Promise<{ message: string } | { closed: number } | { error: string }> {
    const ws = await this.open();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve({ error: "TIMEOUT" });
      }, timeoutMs);
      this.waiting = (r) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(r);
      };
      ws.send(payload, { binary }, (err) => {
        if (err) this.waiting?.({ closed: -1 });
      });
    });
  }

  close(): void {
    this.ws?.terminate();
    this.ws = undefined;
  }
}
