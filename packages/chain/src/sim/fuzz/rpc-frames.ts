// Hostile inputs for the RPC: JSON-RPC requests with wrong, huge and negative params for every
// method, txs to broadcast (the tx fuzzer's mutants), malformed JSON, batches, URI GETs with junk,
// random bytes, oversize bodies, and WebSocket frames (subscribe queries, binary, oversize).
import { PARAM_NAMES } from "../../rpc/param-names";
import type { Rng } from "../rng";

export type FrameKind =
  | "method-params"
  | "broadcast-tx"
  | "malformed-json"
  | "batch"
  | "get-uri"
  | "random-bytes"
  | "oversize"
  | "ws-request"
  | "ws-subscribe"
  | "ws-binary"
  | "ws-oversize";

export const FRAME_KINDS: readonly FrameKind[] = ["method-params", "broadcast-tx", "malformed-json", "batch", "get-uri", "random-bytes", "oversize", "ws-request", "ws-subscribe", "ws-binary", "ws-oversize"];

export interface Frame {
  kind: FrameKind;
  transport: "post" | "get" | "ws";
  /** POST body or WebSocket payload; for GET, the path and query string. */
  body: Uint8Array | string;
  /** WebSocket: send as a binary frame. */
  binary?: boolean;
  /** Broadcast frames: the tx sent, so a refused one can be forced into a block afterwards. */
  tx?: Uint8Array;
  /** Bigger than the server's limit: a refusal or a closed connection is the right answer. */
  oversize?: boolean;
}

export interface FrameSource {
  /** A fuzzed signed tx (tx-mutants.ts). */
  tx(): Uint8Array;
  /** The app's ABCI query paths. */
  queryPaths: readonly string[];
  maxBodyBytes: number;
}

const METHODS = Object.keys(PARAM_NAMES);
const QUERY_TOKENS = ["tm.event", "=", "'Tx'", "'NewBlock'", "'NewBlockHeader'", "AND", "OR", "tx.height", "tx.hash", ">", "<", ">=", "<=", "5", "-1", "1e999", "CONTAINS", "EXISTS", "'", "\"", "(", ")", "message.sender", "'nesa1'", "block.height", "💥", "\u0000", "x".repeat(300), " "];
const HOSTILE = ["", "-1", "0", "1", "18446744073709551616", "-9223372036854775809", "9".repeat(400), "abc", "0x10", "1.5", "1e309", "null", "true", "AAAA", "====", "%ZZ", "\u0000", "\ud800", "💥", "../../etc/passwd", "'; DROP TABLE", "FF".repeat(32), "zz".repeat(32), "x".repeat(5000)];
const enc = new TextEncoder();

function query(rng: Rng): string {
  if (rng.chance(20)) return rng.pick(["tm.event='Tx'", "tm.event='NewBlock'", "tm.event='Tx' AND tx.height>1", "tm.event = 'Tx' AND message.sender CONTAINS 'nesa'"]);
  return Array.from({ length: 1 + rng.int(8) }, () => rng.pick(QUERY_TOKENS)).join(rng.chance(70) ? " " : "");
}

/** A random JSON value (as a JS value): hostile numbers and strings, deep or wide structures. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const k = rng.int(depth > 3 ? 5 : 8);
  if (k === 0) return rng.pick(HOSTILE);
  if (k === 1) return rng.pick([0, -1, 1, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-300, 0.5, Number.MAX_SAFE_INTEGER]);
  if (k === 2) return rng.chance(50);
  if (k === 3) return null;
  if (k === 4) return query(rng);
  if (k === 5) return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth + 1));
  if (k === 6) return Object.fromEntries(Array.from({ length: rng.int(5) }, () => [rng.pick([...HOSTILE.slice(0, 8), "height", "query", "tx", "hash", "path", "data", "page", "per_page"]), randomJson(rng, depth + 1)]));
  return Buffer.from(Uint8Array.from({ length: rng.int(100) }, () => rng.int(256))).toString(rng.chance(50) ? "base64" : "hex");
}

function paramsFor(rng: Rng, method: string, src: FrameSource): unknown {
  const names = PARAM_NAMES[method] ?? [];
  const k = rng.int(10);
  if (k === 0) return randomJson(rng);
  const value = (name: string): unknown => {
    if (rng.chance(40)) return randomJson(rng);
    if (name === "query") return query(rng);
    if (name === "path") return rng.chance(70) && src.queryPaths.length > 0 ? rng.pick(src.queryPaths) : rng.pick(HOSTILE);
    if (name === "data" || name === "hash") return Buffer.from(Uint8Array.from({ length: rng.int(70) }, () => rng.int(256))).toString("hex") + (rng.chance(20) ? "z" : "");
    if (name === "tx") return Buffer.from(src.tx()).toString("base64");
    return rng.pick(HOSTILE);
  };
  if (k === 1) return names.map(value); // positional, as Keplr sends
  return Object.fromEntries(names.filter(() => rng.chance(80)).map((n) => [n, value(n)]));
}

function request(rng: Rng, src: FrameSource, method = rng.chance(90) ? rng.pick(METHODS) : rng.pick(HOSTILE)): Record<string, unknown> {
  const r: Record<string, unknown> = { jsonrpc: "2.0", id: rng.chance(90) ? rng.int(1_000_000) : randomJson(rng), method, params: paramsFor(rng, method, src) };
  if (rng.chance(5)) r.jsonrpc = rng.pick(["1.0", "", 2]);
  if (rng.chance(5)) delete r.method;
  return r;
}

function malformed(rng: Rng, src: FrameSource): string {
  const valid = JSON.stringify(request(rng, src));
  const k = rng.int(7);
  if (k === 0) return valid.slice(0, rng.int(valid.length));
  if (k === 1) return `${valid}${rng.pick(["}", "]", ",", " garbage", "\u0000"])}`;
  if (k === 2) return "[".repeat(1 + rng.int(20_000)); // deep nesting
  if (k === 3) return `\ufeff${valid}`;
  if (k === 4) return valid.replace(/"/g, rng.chance(50) ? "'" : "");
  if (k === 5) return `{"jsonrpc":"2.0","id":1,"method":"status","id":2,"method":"abci_info","params":${rng.pick(["1e400", "-0", "[", "{}", "NaN"])}}`;
  return "";
}

function broadcast(rng: Rng, src: FrameSource): { body: string; tx?: Uint8Array } {
  const tx = src.tx();
  const method = rng.pick(["broadcast_tx_sync", "broadcast_tx_sync", "broadcast_tx_async", "broadcast_tx_commit", "check_tx"]);
  const whole = rng.chance(90);
  const b64 = whole ? Buffer.from(tx).toString("base64") : rng.pick(HOSTILE);
  const params = rng.chance(80) ? { tx: b64 } : [b64];
  // Only a tx sent as it is (and answered with its CheckTx result) may be forced into a block afterwards.
  return { body: JSON.stringify({ jsonrpc: "2.0", id: rng.int(1_000_000), method, params }), tx: whole && method !== "broadcast_tx_async" ? tx : undefined };
}

/** Percent-encodes; a lone surrogate becomes its (invalid UTF-8) bytes, a hostile input of its own. */
function pct(v: unknown): string {
  try {
    return encodeURIComponent(String(v));
  } catch {
    return "%ED%A0%80";
  }
}

function uri(rng: Rng, src: FrameSource): string {
  const method = rng.chance(85) ? rng.pick(METHODS) : rng.pick(["", "..", "%ZZ", "websocket", "a".repeat(rng.int(9000)), "status/extra"]);
  const params = (PARAM_NAMES[method] ?? ["x"]).map((n) => `${rng.chance(80) ? n : rng.pick(HOSTILE)}=${pct(rng.chance(50) ? JSON.stringify(paramsFor(rng, method, src)) : rng.pick(HOSTILE))}`);
  return `/${method}?${rng.chance(10) ? "%%%&&==" : params.join("&")}`;
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

/** The default mix: every kind alike but the oversize ones (1 % each: megabytes per input). */
export function pickKind(rng: Rng): FrameKind {
  if (rng.chance(1)) return "oversize";
  if (rng.chance(1)) return "ws-oversize";
  return rng.pick(FRAME_KINDS.filter((k) => k !== "oversize" && k !== "ws-oversize"));
}

/** One hostile input. */
export function frame(rng: Rng, src: FrameSource, kind: FrameKind = pickKind(rng)): Frame {
  switch (kind) {
    case "method-params":
      return { kind, transport: "post", body: JSON.stringify(request(rng, src)) };
    case "broadcast-tx":
      return { kind, transport: "post", ...broadcast(rng, src) };
    case "malformed-json":
      return { kind, transport: "post", body: malformed(rng, src) };
    case "batch": {
      const n = rng.chance(5) ? 500 + rng.int(1000) : rng.int(30);
      return { kind, transport: "post", body: JSON.stringify(Array.from({ length: n }, () => (n > 100 ? { jsonrpc: "2.0", id: 1, method: "health" } : request(rng, src)))) };
    }
    case "get-uri":
      return { kind, transport: "get", body: uri(rng, src) };
    case "random-bytes":
      return { kind, transport: "post", body: randomBytes(rng, rng.int(2000)) };
    case "oversize": {
      const n = src.maxBodyBytes + 1 + rng.int(rng.chance(50) ? 1000 : src.maxBodyBytes * 5);
      const head = enc.encode(`{"jsonrpc":"2.0","id":7,"method":"broadcast_tx_sync","params":{"tx":"`);
      const body = new Uint8Array(n).fill(65);
      body.set(head);
      return { kind, transport: "post", body, oversize: true };
    }
    case "ws-request":
      return { kind, transport: "ws", body: rng.chance(70) ? JSON.stringify(rng.chance(20) ? [request(rng, src), request(rng, src)] : request(rng, src)) : malformed(rng, src) };
    case "ws-subscribe": {
      const method = rng.pick(["subscribe", "subscribe", "unsubscribe", "unsubscribe_all"]);
      const params = rng.chance(80) ? { query: rng.chance(80) ? query(rng) : randomJson(rng) } : randomJson(rng);
      return { kind, transport: "ws", body: JSON.stringify({ jsonrpc: "2.0", id: rng.int(1_000_000), method, params }) };
    }
    case "ws-binary":
      return { kind, transport: "ws", body: rng.chance(50) ? randomBytes(rng, rng.int(500)) : enc.encode(JSON.stringify(request(rng, src))), binary: true };
    case "ws-oversize":
      return { kind, transport: "ws", body: new Uint8Array(src.maxBodyBytes + 1 + rng.int(1000)).fill(91), oversize: true };
  }
}
