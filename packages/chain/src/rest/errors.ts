// The error body of the Cosmos SDK's grpc-gateway: {code (gRPC status), message, details}, with
// the HTTP status grpc-gateway maps that code to.
import type { AbciQueryResponse } from "../node/types";

export const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, INTERNAL: 13, UNIMPLEMENTED: 12, RESOURCE_EXHAUSTED: 8 } as const;

const HTTP_STATUS: Record<number, number> = { 2: 500, 3: 400, 5: 404, 8: 429, 12: 501, 13: 500 };

export class RestError extends Error {
  constructor(
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
    this.name = "RestError";
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.grpcCode] ?? 500;
  }
  body(): Record<string, unknown> {
    return { code: this.grpcCode, message: this.message, details: [] };
  }
}

export const badRequest = (message: string) => new RestError(GRPC.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RestError(GRPC.NOT_FOUND, message);

/** An ABCI query failure as the SDK's gRPC layer reports it (sdk/22 key not found → NotFound). */
export function fromAbci(r: AbciQueryResponse): RestError {
  const missing = (r.codespace === "sdk" && r.code === 22) || /not found/i.test(r.log);
  if (r.codespace === "sdk" && r.code === 6) return new RestError(GRPC.UNIMPLEMENTED, r.log);
  return new RestError(missing ? GRPC.NOT_FOUND : GRPC.INVALID_ARGUMENT, r.log);
}
