// WebSocket at /websocket: every JSON-RPC method, plus subscribe / unsubscribe / unsubscribe_all
// for tm.event='NewBlock' | 'NewBlockHeader' | 'Tx'. Events are pushed with the subscribe
// request's id and carry `query` (cosmjs drops frames without it).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { IndexedTx, SearchCondition, StoredBlock } from "../node/types";
import type { RpcContext } from "./context";
import { handleBody } from "./dispatch";
import { encodeBlock, encodeBlockId, encodeEvents, encodeHeader, encodeTxResult, stringify, toBase64 } from "./encode";
import { errorResponse, INVALID_PARAMS, type JsonRpcId, okResponse } from "./jsonrpc";
import { type ParsedQuery, parseQuery, QueryParseError } from "./query-parser";
import { blockEventsMap, type EventsMap, matchesEvents, txEventsMap } from "./tx-matcher";

const EVENT_TYPES = ["Tx", "NewBlock", "NewBlockHeader"] as const;
type EventType = (typeof EVENT_TYPES)[number];

interface Subscription {
  id: JsonRpcId;
  query: string;
  eventType: EventType;
  conditions: SearchCondition[];
}

export interface WebSocketHubOptions {
  maxSubscriptionsPerClient: number;
  /** A client that lets this much queue up is too slow to follow the chain; it is disconnected. */
  maxBufferedBytes: number;
  /** Largest accepted frame (the HTTP body limit): bigger ones close the socket with 1009. */
  maxPayloadBytes: number;
}

function frame(sub: Subscription, dataJson: string, eventsJson: string): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(sub.id)},"result":{"query":${JSON.stringify(sub.query)},"data":${dataJson},"events":${eventsJson}}}`;
}

export class WebSocketHub {
  private readonly wss: WebSocketServer;
  private readonly clients = new Map<WebSocket, Map<string, Subscription>>();
  private readonly onBlock = (b: StoredBlock) => this.publishBlock(b);
  private readonly onTx = (tx: IndexedTx) => this.publishTx(tx);

  constructor(
    private readonly ctx: RpcContext,
    private readonly opts: WebSocketHubOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes });
    ctx.node.on("block", this.onBlock);
    ctx.node.on("tx", this.onTx);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const subs = new Map<string, Subscription>();
    this.clients.set(ws, subs);
    ws.on("message", (raw) => {
      handleBody(this.ctx, raw.toString(), (id, method, params) => this.special(subs, id, method, params))
        .then((reply) => ws.readyState === ws.OPEN && ws.send(reply))
        .catch((err) => this.ctx.logger.error({ err }, "websocket request failed"));
    });
    ws.on("close", () => this.clients.delete(ws));
    ws.on("error", (err) => this.ctx.logger.debug({ err }, "websocket error"));
  }

  private special(subs: Map<string, Subscription>, id: JsonRpcId, method: string, params: unknown) {
    const query = (params as { query?: unknown } | undefined)?.query;
    if (method === "subscribe") return Promise.resolve(this.subscribe(subs, id, query));
    if (method === "unsubscribe") {
      if (typeof query !== "string" || !subs.delete(query)) {
        return Promise.resolve(errorResponse(id, INVALID_PARAMS, `no subscription for query ${JSON.stringify(query)}`));
      }
      return Promise.resolve(okResponse(id, {}));
    }
    if (method === "unsubscribe_all") {
      subs.clear();
      return Promise.resolve(okResponse(id, {}));
    }
    return undefined;
  }

  private subscribe(subs: Map<string, Subscription>, id: JsonRpcId, query: unknown): Record<string, unknown> {
    if (typeof query !== "string") return errorResponse(id, INVALID_PARAMS, "subscribe needs params.query, e.g. tm.event='NewBlock'");
    if (subs.has(query)) return errorResponse(id, INVALID_PARAMS, `already subscribed to ${JSON.stringify(query)}`);
    if (subs.size >= this.opts.maxSubscriptionsPerClient) {
      return errorResponse(id, INVALID_PARAMS, `too many subscriptions (max ${this.opts.maxSubscriptionsPerClient} per client): unsubscribe first`);
    }
    let parsed: ParsedQuery;
    try {
      parsed = parseQuery(query);
    } catch (err) {
      if (err instanceof QueryParseError) return errorResponse(id, INVALID_PARAMS, err.message);
      throw err;
    }
    const eventType = parsed.eventType as EventType | undefined;
    if (!eventType || !EVENT_TYPES.includes(eventType)) {
      return errorResponse(id, INVALID_PARAMS, `the query must contain tm.event='Tx', 'NewBlock' or 'NewBlockHeader'`);
    }
    subs.set(query, { id, query, eventType, conditions: parsed.conditions });
    return okResponse(id, {});
  }

  private deliver(eventType: EventType, map: EventsMap, data: () => string): void {
    let dataJson: string | undefined;
    let eventsJson: string | undefined;
    for (const [ws, subs] of this.clients) {
      for (const sub of subs.values()) {
        if (sub.eventType !== eventType || !matchesEvents(sub.conditions, map)) continue;
        if (ws.bufferedAmount > this.opts.maxBufferedBytes) {
          this.ctx.logger.warn({ buffered: ws.bufferedAmount }, "websocket subscriber too slow: disconnecting");
          ws.close(1008, "subscriber too slow");
          this.clients.delete(ws);
          break;
        }
        dataJson ??= data();
        eventsJson ??= JSON.stringify(map);
        ws.send(frame(sub, dataJson, eventsJson));
      }
    }
  }

  private hasSubscribers(eventType: EventType): boolean {
    for (const subs of this.clients.values()) for (const s of subs.values()) if (s.eventType === eventType) return true;
    return false;
  }

  private publishBlock(b: StoredBlock): void {
    const validator = this.ctx.node.validator();
    if (this.hasSubscribers("NewBlock")) {
      this.deliver("NewBlock", blockEventsMap(b, "NewBlock"), () =>
        stringify({
          type: "tendermint/event/NewBlock",
          value: {
            block: encodeBlock(b, validator),
            block_id: encodeBlockId(b.hash),
            result_finalize_block: {
              events: encodeEvents(b.finalizeBlockEvents),
              tx_results: b.txResults.map(encodeTxResult),
              app_hash: toBase64(b.resultingAppHash),
            },
          },
        }),
      );
    }
    if (this.hasSubscribers("NewBlockHeader")) {
      this.deliver("NewBlockHeader", blockEventsMap(b, "NewBlockHeader"), () =>
        stringify({ type: "tendermint/event/NewBlockHeader", value: { header: encodeHeader(b.header, validator) } }),
      );
    }
  }

  private publishTx(tx: IndexedTx): void {
    if (!this.hasSubscribers("Tx")) return;
    this.deliver("Tx", txEventsMap(tx), () =>
      stringify({
        type: "tendermint/event/Tx",
        value: {
          TxResult: {
            height: tx.height.toString(),
            index: tx.index,
            tx: toBase64(tx.tx),
            result: encodeTxResult(tx.result),
          },
        },
      }),
    );
  }

  async close(): Promise<void> {
    this.ctx.node.off("block", this.onBlock);
    this.ctx.node.off("tx", this.onTx);
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
