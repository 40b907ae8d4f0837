import { createProtobufRpcClient, type QueryClient } from "@cosmjs/stargate";
import { cosmosPagination } from "@nesa/proto-types";

/** The part of a ts-proto generated message the query glue needs. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: never): T;
}

export type QueryCall = <Req, Res>(
  method: string,
  requestType: MessageCodec<Req>,
  responseType: MessageCodec<Res>,
  request: Req,
) => Promise<Res>;

/**
 * Binds a gRPC-style query service (e.g. "nesa.inference.v1.Query") to abci_query:
 * a call to method M goes to path `/<service>/M` with the protobuf request as data.
 */
export function createQueryCall(base: QueryClient, service: string): QueryCall {
  const rpc = createProtobufRpcClient(base);
  return async (method, requestType, responseType, request) => {
    const data = await rpc.request(service, method, requestType.encode(request).finish());
    return responseType.decode(data);
  };
}

/** Unwraps a response field the chain must set; a missing one is a chain bug, not "not found". */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`${what}: the chain's response has no value; check that the node runs the nesa modules`);
  }
  return value;
}

/** A PageRequest that continues from `paginationKey` (the previous response's nextKey). */
export function pageRequest(paginationKey?: Uint8Array): cosmosPagination.PageRequest {
  return cosmosPagination.PageRequest.fromPartial({ key: paginationKey ?? new Uint8Array() });
}

export type U64Input = bigint | number | string;

/** Accepts ids and heights as bigint, safe integer or decimal string; rejects anything else by name. */
export function toU64(value: U64Input, field: string): bigint {
  let result: bigint;
  if (typeof value === "bigint") result = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) result = BigInt(value);
  else if (typeof value === "string" && /^\d+$/.test(value)) result = BigInt(value);
  else throw new Error(`${field} must be a non-negative integer (bigint, safe number or decimal string), got ${String(value)}`);
  if (result < 0n || result >= 2n ** 64n) throw new Error(`${field} must fit in uint64, got ${result}`);
  return result;
}
