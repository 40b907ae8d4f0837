// JSON-RPC 2.0 framing as cosmjs expects it: HTTP 200 always, `id` echoed, errors as
// {code, message, data} where `data` is the human-readable reason (cosmjs shows it verbatim).

export type JsonRpcId = number | string | null;

export interface JsonRpcRequest {
  jsonrpc?: string;
  id?: JsonRpcId;
  method?: unknown;
  params?: unknown;
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

const MESSAGES: Record<number, string> = {
  [PARSE_ERROR]: "Parse error",
  [INVALID_REQUEST]: "Invalid Request",
  [METHOD_NOT_FOUND]: "Method not found",
  [INVALID_PARAMS]: "Invalid params",
  [INTERNAL_ERROR]: "Internal error",
};

/** An error a method throws on purpose; anything else becomes a logged INTERNAL_ERROR. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly data: string,
  ) {
    super(data);
    this.name = "RpcError";
  }
}

export function invalidParams(data: string): RpcError {
  return new RpcError(INVALID_PARAMS, data);
}

/** CometBFT reports most method failures (bad height, missing tx) as -32603 with a reason. */
export function methodFailed(data: string): RpcError {
  return new RpcError(INTERNAL_ERROR, data);
}

export function okResponse(id: JsonRpcId, result: unknown): Record<string, unknown> {
  return { jsonrpc: "2.0", id, result };
}

export function errorResponse(id: JsonRpcId, code: number, data: string): Record<string, unknown> {
  return { jsonrpc: "2.0", id, error: { code, message: MESSAGES[code] ?? "Server error", data } };
}

/** cosmjs rejects replies without a usable id, so recover it from an oversize or broken body. */
export function sniffId(head: string): JsonRpcId {
  const m = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/.exec(head);
  if (!m) return -1;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : Number(m[1]);
}
