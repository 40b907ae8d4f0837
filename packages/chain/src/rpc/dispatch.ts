// Routes one JSON-RPC request (or a batch) to its method and frames the reply. Shared by
// HTTP POST, URI GET and the WebSocket.
import { blockMethods } from "./block-methods";
import { chainMethods } from "./chain-methods";
import type { RpcContext } from "./context";
import { stringify } from "./encode";
import { infoMethods } from "./info-methods";
import {
  errorResponse,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  type JsonRpcId,
  type JsonRpcRequest,
  METHOD_NOT_FOUND,
  okResponse,
  PARSE_ERROR,
  RpcError,
  sniffId,
} from "./jsonrpc";
import { PARAM_NAMES } from "./param-names";
import { asParams, type Params } from "./params";
import { txMethods } from "./tx-methods";

type Method = (ctx: RpcContext, params: Params) => Promise<unknown>;

export const METHODS: Record<string, Method> = { ...infoMethods, ...blockMethods, ...chainMethods, ...txMethods };

export const methodNames = () => Object.keys(METHODS).sort();

function validId(id: unknown): id is JsonRpcId {
  return typeof id === "number" || typeof id === "string";
}

export async function callMethod(
  ctx: RpcContext,
  id: JsonRpcId,
  method: string,
  params: unknown,
): Promise<Record<string, unknown>> {
  const fn = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!fn) {
    return errorResponse(id, METHOD_NOT_FOUND, `method ${JSON.stringify(method)} is not supported; supported: ${methodNames().join(", ")}`);
  }
  const debug = ctx.logger.isLevelEnabled("debug");
  const started = debug ? performance.now() : 0;
  try {
    const result = await fn(ctx, asParams(params, PARAM_NAMES[method]));
    if (debug) ctx.logger.debug({ method, ms: +(performance.now() - started).toFixed(3) }, "rpc call");
    return okResponse(id, result);
  } catch (err) {
    if (err instanceof RpcError) {
      if (debug) ctx.logger.debug({ method, code: err.code, reason: err.data }, "rpc call refused");
      return errorResponse(id, err.code, err.data);
    }
    ctx.logger.error({ err, method }, "rpc method failed");
    return errorResponse(id, INTERNAL_ERROR, `${method} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Validates the envelope; `special` lets the WebSocket handle subscribe/unsubscribe itself. */
export async function handleRequest(
  ctx: RpcContext,
  req: unknown,
  special?: (id: JsonRpcId, method: string, params: unknown) => Promise<Record<string, unknown>> | undefined,
): Promise<Record<string, unknown>> {
  if (typeof req !== "object" || req === null || Array.isArray(req)) {
    return errorResponse(-1, INVALID_REQUEST, "each request must be a JSON object {jsonrpc, id, method, params}");
  }
  const r = req as JsonRpcRequest;
  const id = validId(r.id) ? r.id : -1;
  // CometBFT tolerates a missing "jsonrpc" (old clients leave it out); a wrong one is refused.
  if (r.jsonrpc !== undefined && r.jsonrpc !== "2.0") return errorResponse(id, INVALID_REQUEST, 'jsonrpc must be "2.0"');
  if (typeof r.method !== "string") return errorResponse(id, INVALID_REQUEST, "method must be a string");
  if (special && Object.hasOwn(PARAM_NAMES, r.method)) {
    let params: Params;
    try {
      params = asParams(r.params, PARAM_NAMES[r.method]);
    } catch (err) {
      if (err instanceof RpcError) return errorResponse(id, err.code, err.data);
      throw err;
    }
    const handled = await special(id, r.method, params);
    if (handled) return handled;
  }
  return callMethod(ctx, id, r.method, r.params);
}

/** Parses a body (single request or batch) and returns the serialized reply. */
export async function handleBody(
  ctx: RpcContext,
  body: string,
  special?: Parameters<typeof handleRequest>[2],
): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    return stringify(errorResponse(sniffId(body.slice(0, 1024)), PARSE_ERROR, `body is not valid JSON: ${(err as Error).message}`));
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return stringify(errorResponse(-1, INVALID_REQUEST, "empty batch: send at least one request"));
    // Members start in order within one tick (so one sender's txs reach CheckTx in order) and
    // run concurrently, which lets the node verify their signatures in parallel.
    return stringify(await Promise.all(parsed.map((req) => handleRequest(ctx, req, special))));
  }
  return stringify(await handleRequest(ctx, parsed, special));
}
