// REST → ABCI: encode the request proto, query the node at the latest height, decode the
// response and write it as the gateway's JSON.
import type { ChainNode } from "../node/types";
import { fromAbci } from "./errors";
import { snakeKeys } from "./json";

export interface ProtoCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
  toJSON(message: T): unknown;
}

export async function abciRaw(node: ChainNode, path: string, data: Uint8Array): Promise<Uint8Array> {
  const r = await node.query(path, data);
  if (r.code !== 0) throw fromAbci(r);
  return r.value;
}

export async function abciJson<Req, Res>(
  node: ChainNode,
  path: string,
  req: { codec: ProtoCodec<Req>; value: Req },
  res: ProtoCodec<Res>,
): Promise<Record<string, unknown>> {
  const value = await abciRaw(node, path, req.codec.encode(req.value).finish());
  return snakeKeys(res.toJSON(res.decode(value))) as Record<string, unknown>;
}

/** `pagination.limit`, `pagination.key` … query params as the gateway reads them. */
export function pageRequest(q: URLSearchParams) {
  const num = (k: string) => BigInt(/^\d+$/.test(q.get(k) ?? "") ? (q.get(k) as string) : "0");
  const key = q.get("pagination.key");
  return {
    key: key ? new Uint8Array(Buffer.from(key, "base64")) : new Uint8Array(),
    offset: num("pagination.offset"),
    limit: num("pagination.limit"),
    countTotal: q.get("pagination.count_total") === "true",
    reverse: q.get("pagination.reverse") === "true",
  };
}
