// Replies of the model store's HTTP API. Errors go out as the project's one error shape, JSON
// {codespace, code, shortMessage, details} with a status that says the same, so a client can rebuild the
// ModelStoreError (readStoreError) and branch on its code.
import type { ServerResponse } from "node:http";
import { ModelStoreCode, ModelStoreError, type ModelStoreCodeValue } from "../errors";

const STATUS: Record<ModelStoreCodeValue, number> = {
  [ModelStoreCode.HashMismatch]: 400,
  [ModelStoreCode.NotFound]: 404,
  [ModelStoreCode.TooLarge]: 413,
  [ModelStoreCode.BadHash]: 400,
  [ModelStoreCode.Unavailable]: 503,
  [ModelStoreCode.NotRegistered]: 403,
  [ModelStoreCode.BadIntent]: 400,
  [ModelStoreCode.OffsetMismatch]: 409,
  [ModelStoreCode.Conflict]: 409,
};

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** Sends a ModelStoreError as JSON; anything else is rethrown (the server answers 500 and logs it). */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  if (!(err instanceof ModelStoreError)) throw err;
  const body = `${JSON.stringify(err.toJSON())}\n`;
  res.writeHead(STATUS[err.code] ?? 400, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
